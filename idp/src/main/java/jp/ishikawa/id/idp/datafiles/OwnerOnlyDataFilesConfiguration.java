package jp.ishikawa.id.idp.datafiles;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The embedded database's directory is owner-only before the database opens it (so nothing it
 * creates there is reachable by other users), and the files in it are owner-only once the IdP has
 * started (H2 creates them with the process umask).
 */
@Configuration(proxyBeanMethods = false)
public class OwnerOnlyDataFilesConfiguration {

  @Bean
  static BeanPostProcessor ownerOnlyDatabaseDirectory(Environment environment) {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof DataSource) {
          restrictDatabaseDirectory(environment);
        }
        return bean;
      }
    };
  }

  @Bean
  ApplicationListener<ApplicationReadyEvent> ownerOnlyDatabaseFiles(Environment environment) {
    return event -> restrictDatabaseDirectory(environment);
  }

  private static void restrictDatabaseDirectory(Environment environment) {
    Path directory = OwnerOnlyFiles.h2Directory(environment.getProperty("spring.datasource.url"));
    if (directory != null) {
      OwnerOnlyFiles.restrict(directory);
    }
  }
}
