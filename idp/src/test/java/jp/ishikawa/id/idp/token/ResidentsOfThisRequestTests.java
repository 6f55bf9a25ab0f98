package jp.ishikawa.id.idp.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import jp.ishikawa.id.idp.identity.Resident;
import jp.ishikawa.id.idp.identity.ResidentService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** The per-request memo of the token customizers: one read per request, never across requests. */
class ResidentsOfThisRequestTests {

  /** Answers from a map and counts the reads, as the database would be read. */
  private static final class CountingResidents extends ResidentService {
    final Map<String, Resident> stored = new HashMap<>();
    final AtomicInteger reads = new AtomicInteger();

    CountingResidents() {
      super(null, null, null, null, null);
    }

    @Override
    public Optional<Resident> findByIshikawaId(String ishikawaId) {
      reads.incrementAndGet();
      return Optional.ofNullable(stored.get(ishikawaId));
    }
  }

  private final CountingResidents residents = new CountingResidents();

  private static Resident resident(String ishikawaId, Resident.Status status) {
    return new Resident("r-" + ishikawaId, ishikawaId, status, Instant.EPOCH);
  }

  private static void newRequest() {
    RequestContextHolder.setRequestAttributes(
        new ServletRequestAttributes(new MockHttpServletRequest()));
  }

  @AfterEach
  void clear() {
    RequestContextHolder.resetRequestAttributes();
  }

  @Test
  void findWhenAskedTwiceInOneRequestThenReadOnce() {
    residents.stored.put("A", resident("A", Resident.Status.ACTIVE));
    newRequest();

    assertThat(ResidentsOfThisRequest.find(residents, "A")).isPresent();
    assertThat(ResidentsOfThisRequest.find(residents, "A")).isPresent();

    assertThat(residents.reads).hasValue(1);
  }

  @Test
  void findWhenDeactivatedBeforeTheNextRequestThenTheNextRequestSeesIt() {
    residents.stored.put("A", resident("A", Resident.Status.ACTIVE));
    newRequest();
    assertThat(ResidentsOfThisRequest.find(residents, "A")).get().matches(Resident::active);

    residents.stored.put("A", resident("A", Resident.Status.DEACTIVATED));
    newRequest();

    assertThat(ResidentsOfThisRequest.find(residents, "A")).get().matches(r -> !r.active());
    assertThat(residents.reads).hasValue(2);
  }

  @Test
  void findWhenTwoResidentsInOneRequestThenEachReadForItself() {
    residents.stored.put("A", resident("A", Resident.Status.ACTIVE));
    newRequest();

    assertThat(ResidentsOfThisRequest.find(residents, "A")).isPresent();
    assertThat(ResidentsOfThisRequest.find(residents, "B")).isEmpty();
    assertThat(ResidentsOfThisRequest.find(residents, "B")).isEmpty();

    assertThat(residents.reads).hasValue(2);
  }

  @Test
  void findWhenOutsideAnHttpRequestThenReadEveryTime() {
    residents.stored.put("A", resident("A", Resident.Status.ACTIVE));

    ResidentsOfThisRequest.find(residents, "A");
    ResidentsOfThisRequest.find(residents, "A");

    assertThat(residents.reads).hasValue(2);
  }
}
