package jp.ishikawa.id.idp.account;

import jp.ishikawa.id.idp.consent.ConsentRecord;
import jp.ishikawa.id.idp.consent.ConsentRecordService;
import jp.ishikawa.id.idp.identity.Resident;
import jp.ishikawa.id.idp.identity.ResidentService;
import jp.ishikawa.id.idp.logout.BackchannelLogout;
import jp.ishikawa.id.idp.logout.LogoutReason;
import jp.ishikawa.id.idp.passkey.ResidentPasskeys;
import jp.ishikawa.id.idp.token.ResidentAuthorizations;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Deactivating an Ishikawa ID, the one path for the account page and the management API ({@code
 * POST /api/me/deactivate}), in one transaction: back-channel logout tokens are queued for every
 * service of the resident, every given consent is withdrawn, every passkey removed, the resident
 * marked deactivated ({@code resident.deactivated} in the audit trail), and every authorization any
 * service still holds is revoked, recorded or not. Signing out of the browser session is the
 * caller's part.
 */
@Service
public class AccountDeactivation {

  private final ResidentService residents;
  private final ConsentRecordService consents;
  private final ResidentAuthorizations authorizations;
  private final BackchannelLogout backchannelLogout;
  private final ResidentPasskeys passkeys;

  public AccountDeactivation(
      ResidentService residents,
      ConsentRecordService consents,
      ResidentAuthorizations authorizations,
      BackchannelLogout backchannelLogout,
      ResidentPasskeys passkeys) {
    this.residents = residents;
    this.consents = consents;
    this.authorizations = authorizations;
    this.backchannelLogout = backchannelLogout;
    this.passkeys = passkeys;
  }

  /**
   * @param how where the resident asked for it, for the audit event's detail ({@code account page}
   *     or {@code management api})
   */
  @Transactional
  public void deactivate(Resident resident, String how) {
    backchannelLogout.enqueueFor(
        resident.ishikawaId(), BackchannelLogout.ALL, null, LogoutReason.ACCOUNT_DEACTIVATED);
    for (ConsentRecord record : consents.history(resident.id())) {
      if (ConsentRecord.GIVEN.equals(record.status())) {
        consents.withdraw(resident, record.registeredClientId());
      }
    }
    passkeys.removeAll(resident);
    residents.deactivate(resident.id(), how);
    authorizations.revokeAll(resident.ishikawaId());
  }
}
