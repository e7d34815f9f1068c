// Host-side QEMU monitor (QMP) for a running guest. The guest asks for a monitor command by printing a
// line `REGMILL-QMP {"execute": …}` on the serial console (test/vm/guest/qmp.ts does it); boot.mjs hands
// each such line to send(), which speaks QMP over the unix socket QEMU opened with
// `-qmp unix:PATH,server=on,wait=off` (greeting → qmp_capabilities → the commands, in order). Replies
// and events (DEVICE_DELETED, …) go to the log as `# qmp <- …` lines, so a test's log shows them.
import net from 'node:net';

/**
 * @param {string} socketPath
 * @param {(line: string) => void} log
 */
export function qmpClient(socketPath, log) {
  /** @type {net.Socket | undefined} */
  let socket;
  /** @type {string[]} */
  const queue = [];
  let ready = false;
  let buffer = '';
  const flush = () => {
    while (ready && socket && queue.length > 0) {
      const cmd = /** @type {string} */ (queue.shift());
      log(`# qmp -> ${cmd}`);
      socket.write(`${cmd}\n`);
    }
  };
  const connect = () => {
    socket = net.createConnection(socketPath);
    socket.on('data', (b) => {
      buffer += b.toString('utf8');
      let i;
      while ((i = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, i).trim();
        buffer = buffer.slice(i + 1);
        if (!line) continue;
        log(`# qmp <- ${line}`);
        if (line.includes('"QMP"')) socket?.write('{"execute":"qmp_capabilities"}\n');
        else if (!ready && line.includes('"return"')) {
          ready = true;
          flush();
        }
      }
    });
    socket.on('error', (err) => log(`# qmp error: ${err.message}`));
  };
  return {
    /** @param {string} command one QMP command as JSON */
    send(command) {
      try {
        JSON.parse(command);
      } catch {
        log(`# qmp: not JSON, not sent: ${command}`);
        return;
      }
      queue.push(command);
      if (!socket) connect();
      flush();
    },
    close() {
      socket?.destroy();
    },
  };
}
