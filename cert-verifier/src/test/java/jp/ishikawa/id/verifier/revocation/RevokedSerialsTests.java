package jp.ishikawa.id.verifier.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RevokedSerialsTests {

  private static final long SECOND = 1_780_000_000L;

  @Test
  void indexOfWhenAddedOutOfOrderThenFindsEachWithItsDateAndReason() {
    RevokedSerials.Builder builder = RevokedSerials.builder(2);
    long[] serials = {0x7000_0000L, 0x0100_0000L, 0x4000_0000L, 0x0200_0000L};
    for (int i = 0; i < serials.length; i++) {
      builder.add(serials[i], SECOND + i, i);
    }

    RevokedSerials index = builder.build();

    assertThat(index.size()).isEqualTo(4);
    for (int i = 0; i < serials.length; i++) {
      int at = index.indexOf(BigInteger.valueOf(serials[i]));
      assertThat(index.revokedAt(at)).isEqualTo(Instant.ofEpochSecond(SECOND + i));
      assertThat(index.reasonCode(at)).isEqualTo(i);
    }
  }

  @Test
  void indexOfWhenManySerialsAcrossTheWholeRangeThenFindsExactlyThose() {
    SplittableRandom random = new SplittableRandom(7);
    Set<Long> listed = new HashSet<>(List.of(0L, 0x7fff_ffffL, 0x8000_0000L, 0xffff_ffffL));
    while (listed.size() < 5000) {
      listed.add(random.nextLong(0x1_0000_0000L));
    }
    RevokedSerials.Builder builder = RevokedSerials.builder(16);
    listed.forEach(serial -> builder.add(serial, SECOND, 1));

    RevokedSerials index = builder.build();

    assertThat(index.overflowSize()).isZero();
    for (long serial : listed) {
      assertThat(index.indexOf(BigInteger.valueOf(serial))).as("%x", serial).isNotNegative();
      for (long neighbour : new long[] {serial - 1, serial + 1}) {
        if (neighbour >= 0 && !listed.contains(neighbour)) {
          assertThat(index.indexOf(BigInteger.valueOf(neighbour))).isEqualTo(-1);
        }
      }
    }
  }

  @Test
  void indexOfWhenNotListedThenMinusOne() {
    RevokedSerials.Builder builder = RevokedSerials.builder(0);
    builder.add(5, SECOND, 1);

    RevokedSerials index = builder.build();

    assertThat(index.indexOf(BigInteger.valueOf(4))).isEqualTo(-1);
    assertThat(index.indexOf(BigInteger.valueOf(6))).isEqualTo(-1);
    assertThat(index.indexOf(BigInteger.valueOf(5).negate())).isEqualTo(-1);
    assertThat(index.indexOf(BigInteger.ONE.shiftLeft(32).add(BigInteger.valueOf(5))))
        .isEqualTo(-1);
  }

  @Test
  void indexOfWhenSerialUsesAllFourBytesThenStaysCompact() {
    RevokedSerials.Builder builder = RevokedSerials.builder(0);
    builder.add(0xffff_ffffL, SECOND, 1);
    builder.add(0x8000_0000L, SECOND, 1);
    builder.add(0, SECOND, 1);

    RevokedSerials index = builder.build();

    assertThat(index.overflowSize()).isZero();
    assertThat(index.indexOf(BigInteger.valueOf(0xffff_ffffL))).isNotNegative();
    assertThat(index.indexOf(BigInteger.valueOf(0x8000_0000L))).isNotNegative();
    assertThat(index.indexOf(BigInteger.ZERO)).isNotNegative();
    assertThat(index.indexOf(BigInteger.valueOf(0x7fff_ffffL))).isEqualTo(-1);
  }

  @Test
  void indexOfWhenSerialDoesNotFitFourBytesThenFoundInTheOverflow() {
    BigInteger wide = new BigInteger("0102030405060708090a0b0c0d0e0f1011121314", 16);
    RevokedSerials.Builder builder = RevokedSerials.builder(0);
    builder.addOverflow(wide, SECOND, 4);
    builder.add(0x1_0000_0000L, SECOND + 1, 1);
    builder.addOverflow(BigInteger.valueOf(-3), SECOND + 2, 3);
    builder.add(7, SECOND + 3, RevokedSerials.NO_REASON);

    RevokedSerials index = builder.build();

    assertThat(index.overflowSize()).isEqualTo(3);
    assertThat(index.size()).isEqualTo(4);
    assertThat(index.reasonCode(index.indexOf(wide))).isEqualTo(4);
    assertThat(index.revokedAt(index.indexOf(BigInteger.ONE.shiftLeft(32))))
        .isEqualTo(Instant.ofEpochSecond(SECOND + 1));
    assertThat(index.reasonCode(index.indexOf(BigInteger.valueOf(-3)))).isEqualTo(3);
    assertThat(index.reasonCode(index.indexOf(BigInteger.valueOf(7))))
        .isEqualTo(RevokedSerials.NO_REASON);
  }

  @Test
  void indexOfWhenDateDoesNotFitUnsignedSecondsThenFoundInTheOverflow() {
    long beyond2106 = 0x1_0000_0000L + 10;
    RevokedSerials.Builder builder = RevokedSerials.builder(0);
    builder.add(9, beyond2106, 1);

    RevokedSerials index = builder.build();

    assertThat(index.overflowSize()).isEqualTo(1);
    assertThat(index.revokedAt(index.indexOf(BigInteger.valueOf(9))))
        .isEqualTo(Instant.ofEpochSecond(beyond2106));
  }

  @Test
  void reasonNameWhenCodeThenRfc5280Name() {
    assertThat(RevokedSerials.reasonName(1)).isEqualTo("keyCompromise");
    assertThat(RevokedSerials.reasonName(3)).isEqualTo("affiliationChanged");
    assertThat(RevokedSerials.reasonName(4)).isEqualTo("superseded");
    assertThat(RevokedSerials.reasonName(6)).isEqualTo("certificateHold");
    assertThat(RevokedSerials.reasonName(RevokedSerials.NO_REASON)).isNull();
  }
}
