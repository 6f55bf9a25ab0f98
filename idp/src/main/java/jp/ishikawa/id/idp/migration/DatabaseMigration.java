package jp.ishikawa.id.idp.migration;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The {@code migrate-only} mode ({@code java -jar idp.jar migrate-only}, the Kubernetes migration
 * Job): applies the database migrations with Flyway and exits, starting nothing else (no web
 * server, no keys, no trust anchors). It reads the same {@code spring.datasource.*} and {@code
 * spring.flyway.*} settings as the IdP, so the production profile points it at the same database.
 *
 * <p>Migrations run once per release this way; the replicas themselves only validate the schema
 * ({@code ishikawa-id.database.migrations=validate}, see {@link SchemaValidationConfiguration}), so
 * several new replicas starting at once never race each other to migrate.
 */
@SpringBootConfiguration
@ImportAutoConfiguration({DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class})
public class DatabaseMigration {

  /** The first command-line argument that selects this mode. */
  public static final String MODE = "migrate-only";

  /** Runs the migrations; returns when they are applied (an exception when they are not). */
  public static void run(String... args) {
    // Flyway's auto-configuration migrates while the context starts; then there is nothing to do.
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(DatabaseMigration.class)
            .web(WebApplicationType.NONE)
            .properties("spring.flyway.enabled=true", "ishikawa-id.database.migrations=migrate")
            .run(args);
    context.close();
  }
}
