# Sourced by the bin/ wrappers (bash): build what a command needs with Maven, unless the command is only asked for
# its usage. Builds use the reactor (-pl MODULE -am package, no tests); nothing is installed into ~/.m2.

# asks_for_help ARGS...: true when the arguments ask for the usage (-h or --help before a --)
asks_for_help() {
  local arg
  for arg in "$@"; do
    case "$arg" in
      --) return 1 ;;
      -h|--help) return 0 ;;
    esac
  done
  return 1
}

# build MODULE FILE [MAVEN ARGS...]: package MODULE and what it needs, unless SKIP_BUILD=1, or HELP_ONLY=1 (the
# wrapper found the arguments ask only for help) and FILE, which the command runs from, is already built: help never
# waits for a build. Without FILE there is nothing to print the usage with, so that one case builds first.
build() {
  local module=$1 file=$2
  shift 2
  if [ "${SKIP_BUILD:-}" = "1" ]; then
    return 0
  fi
  if [ "${HELP_ONLY:-}" = "1" ] && [ -e "$file" ]; then
    return 0
  fi
  if [ "${HELP_ONLY:-}" = "1" ]; then
    echo "building $module first: its usage is printed by the command itself, and $file is not built yet ..." >&2
  else
    echo "building $module (mvn package -DskipTests; SKIP_BUILD=1 reuses the last build) ..." >&2
  fi
  mvn -B -q -DskipTests -pl "$module" -am package "$@"
}
