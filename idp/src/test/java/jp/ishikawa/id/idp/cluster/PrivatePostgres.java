package jp.ishikawa.id.idp.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import jp.ishikawa.id.idp.testing.LocalPorts;

/**
 * A PostgreSQL server of the test's own ({@code initdb} in a temporary folder, on a free port), so
 * the test can crash and restart it without touching the machine's shared server that other tests
 * use. As root (CI), PostgreSQL's programs run as the {@code postgres} user, as they must.
 */
final class PrivatePostgres implements AutoCloseable {

  private final Path bin;
  private final Path data;
  private final Path log;
  private final int port;
  private final boolean asPostgresUser;

  private PrivatePostgres(Path bin, Path directory) {
    this.bin = bin;
    this.data = directory.resolve("pgdata");
    this.log = directory.resolve("postgres.log");
    this.port = LocalPorts.unused();
    this.asPostgresUser = "root".equals(System.getProperty("user.name"));
  }

  static PrivatePostgres start(Path directory) {
    Path initdb =
        RequiredTool.require(
            "initdb",
            "a private PostgreSQL for the cluster tests",
            installedPostgresBinaries("initdb"));
    PrivatePostgres postgres = new PrivatePostgres(initdb.getParent(), directory);
    postgres.initialise(directory);
    postgres.start();
    return postgres;
  }

  private static String[] installedPostgresBinaries(String name) {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return new String[0];
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions
          .sorted(java.util.Comparator.reverseOrder())
          .map(v -> v.resolve("bin").resolve(name).toString())
          .toArray(String[]::new);
    } catch (IOException e) {
      return new String[0];
    }
  }

  int port() {
    return port;
  }

  String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  void createDatabase(String name) {
    try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
  }

  private void initialise(Path directory) {
    try {
      Files.createDirectories(data);
      Files.createFile(log);
      if (asPostgresUser) {
        UserPrincipal user =
            directory
                .getFileSystem()
                .getUserPrincipalLookupService()
                .lookupPrincipalByName("postgres");
        for (Path path : List.of(directory, data, log)) {
          Files.setOwner(path, user);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChildProcess.run(
        command(
            "initdb",
            "-D",
            data.toString(),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync"),
        log,
        Duration.ofSeconds(60));
  }

  void start() {
    ChildProcess.run(
        command(
            "pg_ctl",
            "-D",
            data.toString(),
            "-l",
            log.toString(),
            "-w",
            "-t",
            "60",
            "-o",
            "-p "
                + port
                + " -c listen_addresses=127.0.0.1 -k "
                + data
                + " -c fsync=off"
                + " -c max_connections=100",
            "start"),
        log,
        Duration.ofSeconds(90));
  }

  /** Stops as a crash would: {@code immediate} shutdown, recovery at the next start. */
  void crash() {
    ChildProcess.run(
        command("pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop"),
        log,
        Duration.ofSeconds(60));
  }

  Path log() {
    return log;
  }

  private List<String> command(String program, String... arguments) {
    List<String> command = new ArrayList<>();
    if (asPostgresUser) {
      command.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    command.add(bin.resolve(program).toString());
    command.addAll(List.of(arguments));
    return command;
  }

  @Override
  public void close() {
    try {
      ChildProcess.run(
          command("pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop"),
          log,
          Duration.ofSeconds(60));
    } catch (IllegalStateException e) {
      // Already stopped.
    }
  }
}
