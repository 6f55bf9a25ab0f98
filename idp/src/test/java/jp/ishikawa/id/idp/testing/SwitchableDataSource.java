package jp.ishikawa.id.idp.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The IdP's real data source, with a switch that makes connections fail as they do when the
 * database is down, so tests can show that a broken connection gives a clear error and leaves no
 * half-written data.
 */
public final class SwitchableDataSource extends DelegatingDataSource {

  /** The switch, shared with the test. */
  public static final class Switch {
    private final AtomicBoolean broken = new AtomicBoolean();

    public void broken(boolean value) {
      broken.set(value);
    }
  }

  /** Wraps the application's {@link DataSource} bean. */
  static final class Wrapper implements BeanPostProcessor {
    private final Switch control;

    Wrapper(Switch control) {
      this.control = control;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
      return bean instanceof DataSource source && !(bean instanceof SwitchableDataSource)
          ? new SwitchableDataSource(source, control)
          : bean;
    }
  }

  private final Switch control;

  private SwitchableDataSource(DataSource target, Switch control) {
    super(target);
    this.control = control;
  }

  @Override
  public Connection getConnection() throws SQLException {
    refuseWhenBroken();
    return super.getConnection();
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    refuseWhenBroken();
    return super.getConnection(username, password);
  }

  private void refuseWhenBroken() throws SQLException {
    if (control.broken.get()) {
      throw new SQLTransientConnectionException("database unreachable (test switch)");
    }
  }
}
