package jp.ishikawa.id.idp.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A port for a server that a test starts later — a child process, a Spring context — and must name
 * before it binds.
 *
 * <p>"Bind port 0, read the number, close it" picks from the kernel's ephemeral range, the range
 * every outgoing connection on the machine (the test's own, PostgreSQL's, a migration JVM's) also
 * takes its source port from. In the seconds before the server binds, one of them can be handed
 * that port, and the server then fails with "port already in use" (a CI run was lost that way). So
 * the port comes from below the ephemeral range, where the kernel hands out nothing by itself; it
 * is checked to be free, and never handed out twice by one JVM.
 */
public final class LocalPorts {

  private static final int LOW = 20_000;

  /** Linux's default ephemeral range starts here (macOS's and Windows' at 49152). */
  private static final int HIGH = Math.max(LOW + 1_000, Math.min(32_768, ephemeralLow()));

  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private LocalPorts() {}

  /** A port nothing listens on, outside the range outgoing connections are given. */
  public static int unused() {
    for (int attempt = 0; attempt < 1_000; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(LOW, HIGH);
      if (HANDED_OUT.add(port) && free(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port between " + LOW + " and " + HIGH);
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int ephemeralLow() {
    try {
      String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
      return Integer.parseInt(range.split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return 32_768;
    }
  }
}
