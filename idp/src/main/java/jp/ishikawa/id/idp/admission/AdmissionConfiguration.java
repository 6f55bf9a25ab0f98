package jp.ishikawa.id.idp.admission;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The waiting room, on when {@code ishikawa-id.admission.logins-per-second} is set above zero (off
 * by default): in Redis with {@code ishikawa-id.store=redis}, so every node admits from one line;
 * in this JVM otherwise. The capacity and the queue length are metrics.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("${ishikawa-id.admission.logins-per-second:0} > 0")
public class AdmissionConfiguration {

  @Bean
  AdmissionQueue admissionQueue(
      Environment environment, ObjectProvider<StringRedisTemplate> redis, MeterRegistry registry) {
    int capacity =
        environment.getRequiredProperty("ishikawa-id.admission.logins-per-second", Integer.class);
    AdmissionQueue queue =
        "redis".equals(environment.getProperty("ishikawa-id.store"))
            ? new RedisAdmissionQueue(redis.getObject(), capacity)
            : new InMemoryAdmissionQueue(capacity);
    Gauge.builder("ishikawa_id_admission_capacity", queue, AdmissionQueue::capacity)
        .description("Logins per second the waiting room admits")
        .register(registry);
    Gauge.builder("ishikawa_id_admission_queue_length", queue, AdmissionQueue::waiting)
        .description("Residents waiting in the waiting room")
        .register(registry);
    return queue;
  }

  @Bean
  FilterRegistrationBean<WaitingRoomFilter> waitingRoomFilter(AdmissionQueue queue) {
    FilterRegistrationBean<WaitingRoomFilter> registration =
        new FilterRegistrationBean<>(new WaitingRoomFilter(queue));
    // After Spring Security's filter chain (which loads the session), before the controllers.
    registration.setOrder(Ordered.LOWEST_PRECEDENCE - 10);
    return registration;
  }
}
