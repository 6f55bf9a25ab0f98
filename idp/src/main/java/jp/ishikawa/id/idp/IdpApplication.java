package jp.ishikawa.id.idp;

import java.util.Arrays;
import jp.ishikawa.id.idp.migration.DatabaseMigration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Ishikawa ID: the OpenID provider where residents log in with the My Number card. With {@code
 * migrate-only} as the first argument it only applies the database migrations and exits ({@link
 * DatabaseMigration}).
 */
// Lettuce's observation times every Redis command (a span and a timer each): no metric of it is
// documented (docs/operations.md), and on the login path it cost more than it told
// (docs/performance.md, "Complete login").
@SpringBootApplication(
    excludeName =
        "org.springframework.boot.data.redis.autoconfigure.observation"
            + ".LettuceObservationAutoConfiguration")
@ConfigurationPropertiesScan
@EnableScheduling
public class IdpApplication {

  public static void main(String[] args) {
    if (args.length > 0 && DatabaseMigration.MODE.equals(args[0])) {
      DatabaseMigration.run(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (jp.ishikawa.id.idp.audit.AuditCommand.handles(args)) {
      System.exit(
          jp.ishikawa.id.idp.audit.AuditCommand.run(args, System.getenv(), System.out, System.err));
    }
    // The native JWT provider loads and checks itself while Spring starts (crypto/JoseProvider).
    jp.ishikawa.id.idp.crypto.JoseProvider.startNativeCheck(args);
    SpringApplication.run(IdpApplication.class, args);
  }
}
