package jp.ishikawa.id.idp.config;

import java.security.SecureRandom;
import java.time.Clock;
import jp.ishikawa.id.idp.crypto.AtRestCipher;
import jp.ishikawa.id.idp.demo.DemoEnvironment;
import jp.ishikawa.id.idp.identity.ServerSecrets;
import jp.ishikawa.id.idp.settings.IshikawaIdProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Time, randomness and secrets: inputs every other part receives rather than finds. */
@Configuration(proxyBeanMethods = false)
public class CoreConfiguration {

  @Bean
  @ConditionalOnMissingBean(Clock.class)
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  SecureRandom secureRandom() {
    return new SecureRandom();
  }

  @Bean
  ServerSecrets serverSecrets(
      IshikawaIdProperties properties, ObjectProvider<DemoEnvironment> demo) {
    IshikawaIdProperties.Secrets secrets = properties.getSecrets();
    DemoEnvironment environment = demo.getIfAvailable();
    if (environment != null
        && (secrets.getEncryptionKey() == null || secrets.getPairwiseKey() == null)) {
      return environment.secrets();
    }
    return new ServerSecrets(secrets.getEncryptionKey(), secrets.getPairwiseKey());
  }

  @Bean
  AtRestCipher atRestCipher(ServerSecrets secrets, SecureRandom random) {
    return new AtRestCipher(secrets.encryptionKey(), random);
  }
}
