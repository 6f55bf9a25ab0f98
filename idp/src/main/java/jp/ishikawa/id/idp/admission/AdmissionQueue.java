package jp.ishikawa.id.idp.admission;

import java.time.Duration;

/**
 * The waiting room's queue, shared by every node: past the configured capacity of logins per second
 * a newcomer takes a numbered ticket, and tickets are admitted in their order at the capacity's
 * pace, like a bank's "now serving" display. The number now served only grows, so a waiting
 * resident's position only goes down, and nobody overtakes anybody.
 */
public interface AdmissionQueue {

  /** Takes the next ticket. */
  long join();

  /** Where {@code ticket} stands now. */
  Standing standing(long ticket);

  /** How many tickets are waiting now. */
  long waiting();

  /** Logins per second admitted. */
  int capacity();

  /**
   * @param ticket the resident's number
   * @param nowServing every ticket up to this one is admitted
   * @param position how many are ahead (0 when admitted)
   * @param estimatedWait position ÷ capacity
   */
  record Standing(long ticket, long nowServing, long position, Duration estimatedWait) {

    public boolean admitted() {
      return position == 0;
    }

    static Standing of(long ticket, long nowServing, int capacity) {
      long position = Math.max(0, ticket - nowServing);
      return new Standing(
          ticket,
          nowServing,
          position,
          Duration.ofMillis((long) Math.ceil(position * 1000.0 / capacity)));
    }
  }
}
