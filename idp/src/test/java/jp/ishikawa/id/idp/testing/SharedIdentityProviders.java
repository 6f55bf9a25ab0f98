package jp.ishikawa.id.idp.testing;

import java.util.EnumMap;
import java.util.Map;

/**
 * One running IdP per storage kind for the whole test JVM, shared by the test classes that do not
 * need an IdP of their own (starting one costs seconds); stopped when the JVM exits.
 */
public final class SharedIdentityProviders {

  private static final Map<TestIdentityProvider.Storage, TestIdentityProvider> RUNNING =
      new EnumMap<>(TestIdentityProvider.Storage.class);

  private SharedIdentityProviders() {}

  public static synchronized TestIdentityProvider get(TestIdentityProvider.Storage storage) {
    if (storage == TestIdentityProvider.Storage.POSTGRES_REDIS) {
      Backends.requirePostgresAndRedis();
    }
    return RUNNING.computeIfAbsent(
        storage,
        kind -> {
          TestIdentityProvider provider = TestIdentityProvider.start(kind);
          Runtime.getRuntime().addShutdownHook(new Thread(provider::close));
          return provider;
        });
  }
}
