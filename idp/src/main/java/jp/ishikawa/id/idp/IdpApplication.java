package jp.ishikawa.id.idp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Ishikawa ID: the OpenID provider where residents log in with the My Number card. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class IdpApplication {

  public static void main(String[] args) {
    if (jp.ishikawa.id.idp.audit.AuditCommand.handles(args)) {
      System.exit(
          jp.ishikawa.id.idp.audit.AuditCommand.run(args, System.getenv(), System.out, System.err));
    }
    SpringApplication.run(IdpApplication.class, args);
  }
}
