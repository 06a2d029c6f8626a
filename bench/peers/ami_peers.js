'use strict';
// Parses an AMI event stream file with one of the npm AMI libraries, from memory: the
// library's own reader is fed 64 KiB chunks exactly as its socket would hand them over.
// Usage: node ami_peers.js <yana|asterisk-manager> <stream file> <runs>
// Prints one JSON line: {"lib", "events", "bytes", "seconds": [per run]}.
const fs = require('fs');
const { EventEmitter } = require('events');

const [lib, file, runsArg] = process.argv.slice(2);
const runs = Number(runsArg || 3);
const data = fs.readFileSync(file);
const CHUNK = 64 * 1024;
const chunks = [];
for (let i = 0; i < data.length; i += CHUNK) chunks.push(data.subarray(i, i + CHUNK));

function yanaParser(onEvent) {
  const AMI = require('yana');
  const LineSocket = require('yana/line-socket');
  const ami = new AMI({});
  ami.socket = new LineSocket();  // never connected: we emit its 'data' ourselves
  ami._setupMessageBuffering();
  ami.on('event', onEvent);
  return (chunk) => ami.socket.emit('data', chunk);
}

function asteriskManagerParser(onEvent) {
  // The library reads from the socket net.createConnection gives it: hand it a stand-in.
  const net = require('net');
  const fake = new EventEmitter();
  fake.setKeepAlive = fake.setNoDelay = fake.setEncoding = () => {};
  const real = net.createConnection;
  net.createConnection = () => fake;
  const Manager = require('asterisk-manager');
  const mgr = new Manager();
  mgr.connect(5038, 'localhost', () => {});
  net.createConnection = real;
  mgr.on('managerevent', onEvent);
  return (chunk) => fake.emit('data', chunk.toString('utf-8'));
}

async function run() {
  const seconds = [];
  let events = 0;
  for (let r = 0; r < runs; ++r) {
    let n = 0;
    const feed = lib === 'yana' ? yanaParser(() => ++n) : asteriskManagerParser(() => ++n);
    const t0 = process.hrtime.bigint();
    for (const c of chunks) {
      feed(c);
      // asterisk-manager emits events on process.nextTick: let them run as they would.
      await new Promise(setImmediate);
    }
    await new Promise(setImmediate);
    seconds.push(Number(process.hrtime.bigint() - t0) / 1e9);
    events = n;
  }
  console.log(JSON.stringify({ lib, events, bytes: data.length, seconds }));
}
run();
