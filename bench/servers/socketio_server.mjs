/**
 * Socket.IO 4 under test, on Node, as people run it: `new Server(http)` with
 * the default in-memory adapter, the WebSocket transport (clients skip
 * polling), and `bufferutil` installed as Socket.IO's performance notes
 * advise. The same three operations as the bench hub; a broadcast is one
 * `io.to(room).emit`, which Socket.IO encodes once for the whole room.
 * Prints `{"event":"ready","port":…}` once it listens.
 *
 * Usage: `node bench/servers/socketio_server.mjs [host]` (after `npm ci` here)
 *
 * @module
 */
import { createServer } from "node:http";
import { Server } from "socket.io";

const http = createServer();
const io = new Server(http, { transports: ["websocket"], serveClient: false });

io.on("connection", (socket) => {
  socket.on("join", (room, ack) => {
    socket.join(room);
    ack();
  });
  socket.on("broadcast", (room, sentAt, seq, text) => {
    io.to(room).emit("tick", sentAt, seq, text);
  });
  socket.on("echo", (value, ack) => ack(value));
});

http.listen(0, process.argv[2] ?? "127.0.0.1", () => {
  console.log(JSON.stringify({ event: "ready", port: http.address().port }));
});

// Exit normally on SIGTERM, so `--cpu-prof` writes its profile.
process.on("SIGTERM", () => process.exit(0));
