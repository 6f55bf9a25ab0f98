package jp.ishikawa.id.idp.migration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code ishikawa-id.database.migrations=validate} (the Kubernetes production overlay): this node
 * does not migrate; it checks that the database has exactly the migrations this release knows
 * (Flyway's validate) and refuses to start otherwise, so a new replica waits for the release's
 * {@code migrate-only} Job instead of racing the other replicas to migrate. The default, {@code
 * migrate}, migrates at start-up as one node on its own (demo, embedded storage) must.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "ishikawa-id.database.migrations", havingValue = "validate")
public class SchemaValidationConfiguration {

  private static final Logger log = LoggerFactory.getLogger(SchemaValidationConfiguration.class);

  @Bean
  FlywayMigrationStrategy validateOnly() {
    return flyway -> {
      flyway.validate();
      log.info(
          "database schema is at the version this release expects ({}); not migrating",
          flyway.info().current() == null ? "empty" : flyway.info().current().getVersion());
    };
  }
}
