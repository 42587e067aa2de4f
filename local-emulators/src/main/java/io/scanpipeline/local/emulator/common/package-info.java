/**
 * What several emulators share: {@link io.scanpipeline.local.emulator.common.EmulatorJson} (the one mapper, exact
 * numbers), {@link io.scanpipeline.local.emulator.common.NodePackages} (the pinned Node.js emulators) and
 * {@link io.scanpipeline.local.emulator.common.NodeProcess} (one of them as a child process).
 */
package io.scanpipeline.local.emulator.common;
