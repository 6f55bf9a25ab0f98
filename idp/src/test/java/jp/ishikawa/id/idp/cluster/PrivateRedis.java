package jp.ishikawa.id.idp.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jp.ishikawa.id.idp.testing.LocalPorts;

/**
 * A Redis server of the test's own, on a free port and keeping nothing on disk (as production's
 * Redis holds only short-lived state), so the test can kill and restart it without touching the
 * machine's shared Redis.
 */
final class PrivateRedis implements AutoCloseable {

  private final Path program;
  private final Path log;
  private final int port;
  private Process process;

  private PrivateRedis(Path program, Path directory) {
    this.program = program;
    this.log = directory.resolve("redis.log");
    this.port = LocalPorts.unused();
  }

  static PrivateRedis start(Path directory) {
    PrivateRedis redis =
        new PrivateRedis(
            RequiredTool.require("redis-server", "a private Redis for the cluster tests"),
            directory);
    redis.start();
    return redis;
  }

  int port() {
    return port;
  }

  void start() {
    process =
        ChildProcess.start(
            List.of(
                program.toString(),
                "--port",
                String.valueOf(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "no"),
            log);
    ChildProcess.await("Redis on port " + port, Duration.ofSeconds(30), this::answers);
  }

  /** SIGKILL: every key is gone, as when a Redis node is lost. */
  void crash() {
    ChildProcess.kill(process);
  }

  boolean answers() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      socket.setSoTimeout(1000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = in.readNBytes(5);
      return new String(reply, StandardCharsets.US_ASCII).equals("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    ChildProcess.stop(process);
  }
}
