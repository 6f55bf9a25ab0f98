package jp.ishikawa.id.idp.admission;

/** The queue in this JVM, for one node on embedded storage; the same rules as in Redis. */
public final class InMemoryAdmissionQueue implements AdmissionQueue {

  private final int capacity;
  private long issued;
  private double served;
  private long lastNanos = System.nanoTime();

  public InMemoryAdmissionQueue(int capacity) {
    this.capacity = capacity;
    this.served = capacity;
  }

  @Override
  public synchronized long join() {
    return ++issued;
  }

  @Override
  public synchronized Standing standing(long ticket) {
    advance();
    return Standing.of(ticket, (long) Math.floor(served), capacity);
  }

  @Override
  public synchronized long waiting() {
    advance();
    return Math.max(0, issued - (long) Math.floor(served));
  }

  @Override
  public int capacity() {
    return capacity;
  }

  private void advance() {
    long now = System.nanoTime();
    served = Math.min(served + (now - lastNanos) / 1e9 * capacity, issued + capacity);
    lastNanos = now;
  }
}
