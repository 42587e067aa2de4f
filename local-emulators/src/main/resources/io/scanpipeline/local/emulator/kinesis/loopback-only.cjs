// Preloaded with `node --require` into an emulator that has no setting for its listen address (kinesis-local
// 0.6.2 hard-codes 0.0.0.0 for both its plain and TLS ports): every TCP server of the process listens on
// 127.0.0.1 only. Unix socket paths and calls without a port are left alone.
'use strict';
const net = require('net');
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const first = args[0];
  if (first !== null && typeof first === 'object' && !Array.isArray(first)) {
    if (first.path === undefined && first.port !== undefined) {
      args[0] = Object.assign({}, first, { host: '127.0.0.1' });
    }
  } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    if (typeof args[1] === 'string') {
      args[1] = '127.0.0.1';
    } else {
      args.splice(1, 0, '127.0.0.1');
    }
  }
  return listen.apply(this, args);
};
