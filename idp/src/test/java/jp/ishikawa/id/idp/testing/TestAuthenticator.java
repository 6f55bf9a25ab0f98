package jp.ishikawa.id.idp.testing;

import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.security.web.webauthn.api.AuthenticatorAssertionResponse;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutableAuthenticationExtensionsClientOutputs;
import org.springframework.security.web.webauthn.api.ImmutableCredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCose;
import org.springframework.security.web.webauthn.api.PublicKeyCredential;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialType;

/**
 * A software authenticator for tests: one P-256 key, its credential record as a registration would
 * store it (with a {@code none} attestation object), and hand-built assertions (WebAuthn §6.1
 * authenticator data, client data JSON, ES256 signature over both) that each test bends one way.
 */
public final class TestAuthenticator {

  public static final String RP_ID = "id.example";
  public static final String ORIGIN = "https://id.example";

  private final KeyPair key;
  private final String rpId;
  private final String origin;
  public final Bytes credentialId = Bytes.random();
  public Bytes userHandle;

  /** An authenticator for {@link #RP_ID} at {@link #ORIGIN}, registered for {@code userHandle}. */
  public TestAuthenticator(Bytes userHandle) {
    this(userHandle, RP_ID, ORIGIN);
  }

  /** An authenticator for a running IdP: its host is the RP ID, its origin the issuer. */
  public TestAuthenticator(java.net.URI issuer) {
    this(null, issuer.getHost(), issuer.getScheme() + "://" + issuer.getRawAuthority());
  }

  private TestAuthenticator(Bytes userHandle, String rpId, String origin) {
    this.userHandle = userHandle;
    this.rpId = rpId;
    this.origin = origin;
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      this.key = generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The record a registration of this authenticator stores, with counter {@code signCount}. */
  // The CBOR converter Spring's relying party itself uses (deprecated in webauthn4j 0.31).
  @SuppressWarnings("deprecation")
  public CredentialRecord record(long signCount) {
    return record(signCount, false);
  }

  /** The same, for a key that is (or is not) backup-eligible: a synced passkey. */
  @SuppressWarnings("deprecation")
  public CredentialRecord record(long signCount, boolean synced) {
    EC2COSEKey cose =
        EC2COSEKey.create((ECPublicKey) key.getPublic(), COSEAlgorithmIdentifier.ES256);
    ObjectConverter converter = new ObjectConverter();
    AttestationObject attestation =
        new AttestationObject(
            new AuthenticatorData<>(
                sha256(RP_ID.getBytes(StandardCharsets.UTF_8)),
                (byte) (synced ? 0x4d : 0x45), // UP, UV, AT (and BE)
                0,
                new AttestedCredentialData(AAGUID.ZERO, credentialId.getBytes(), cose)),
            new NoneAttestationStatement());
    return ImmutableCredentialRecord.builder()
        .credentialType(PublicKeyCredentialType.PUBLIC_KEY)
        .credentialId(credentialId)
        .userEntityUserId(userHandle)
        .publicKey(new ImmutablePublicKeyCose(converter.getCborConverter().writeValueAsBytes(cose)))
        .signatureCount(signCount)
        .uvInitialized(true)
        .backupEligible(synced)
        .backupState(false)
        .transports(Set.of())
        .attestationObject(
            new Bytes(new AttestationObjectConverter(converter).convertToBytes(attestation)))
        .created(Instant.parse("2026-12-01T00:00:00Z"))
        .lastUsed(Instant.parse("2026-12-01T00:00:00Z"))
        .label("test phone")
        .build();
  }

  private AttestationObject attestation(EC2COSEKey cose, boolean synced) {
    return new AttestationObject(
        new AuthenticatorData<>(
            sha256(rpId.getBytes(StandardCharsets.UTF_8)),
            (byte) (synced ? 0x4d : 0x45), // UP, UV, AT (and BE)
            0,
            new AttestedCredentialData(AAGUID.ZERO, credentialId.getBytes(), cose)),
        new NoneAttestationStatement());
  }

  /**
   * The body of {@code POST /webauthn/register} a browser sends after creating this key for the
   * options {@code POST /webauthn/register/options} answered (their {@code challenge} and {@code
   * user.id}), named {@code label}.
   */
  public Map<String, Object> registration(Map<String, Object> options, String label) {
    userHandle = Bytes.fromBase64((String) ((Map<?, ?>) options.get("user")).get("id"));
    EC2COSEKey cose =
        EC2COSEKey.create((ECPublicKey) key.getPublic(), COSEAlgorithmIdentifier.ES256);
    byte[] attestation =
        new AttestationObjectConverter(new ObjectConverter())
            .convertToBytes(attestation(cose, false));
    byte[] clientData = clientData("webauthn.create", (String) options.get("challenge"), origin);
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("attestationObject", b64(attestation));
    response.put("clientDataJSON", b64(clientData));
    response.put("transports", List.of("internal"));
    Map<String, Object> credential = new LinkedHashMap<>();
    credential.put("id", credentialId.toBase64UrlString());
    credential.put("rawId", credentialId.toBase64UrlString());
    credential.put("response", response);
    credential.put("type", "public-key");
    credential.put("clientExtensionResults", Map.of());
    credential.put("authenticatorAttachment", "platform");
    return Map.of("publicKey", Map.of("credential", credential, "label", label));
  }

  private static byte[] clientData(String type, String challenge, String origin) {
    return ("{\"type\":\""
            + type
            + "\",\"challenge\":\""
            + challenge
            + "\",\"origin\":\""
            + origin
            + "\",\"crossOrigin\":false}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** An assertion, with every part a test may bend. */
  public final class Assertion {
    public Bytes challenge;
    public String origin = TestAuthenticator.this.origin;
    public String rpId = TestAuthenticator.this.rpId;
    public int flags = 0x05; // UP | UV
    public long signCount = 10;
    public Bytes credential = credentialId;
    public Bytes handle = userHandle;
    public boolean corruptSignature;

    Assertion(Bytes challenge) {
      this.challenge = challenge;
    }

    /** The body of {@code POST /login/webauthn}, as the login page's script sends it. */
    public Map<String, Object> json() {
      PublicKeyCredential<AuthenticatorAssertionResponse> built = build();
      AuthenticatorAssertionResponse r = built.getResponse();
      Map<String, Object> response = new LinkedHashMap<>();
      response.put("authenticatorData", r.getAuthenticatorData().toBase64UrlString());
      response.put("clientDataJSON", r.getClientDataJSON().toBase64UrlString());
      response.put("signature", r.getSignature().toBase64UrlString());
      response.put(
          "userHandle", r.getUserHandle() == null ? null : r.getUserHandle().toBase64UrlString());
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("id", credential.toBase64UrlString());
      body.put("rawId", credential.toBase64UrlString());
      body.put("response", response);
      body.put("type", "public-key");
      body.put("clientExtensionResults", Map.of());
      body.put("authenticatorAttachment", "platform");
      return body;
    }

    // Spring's PublicKeyCredential builder methods return the raw builder type.
    @SuppressWarnings("unchecked")
    public PublicKeyCredential<AuthenticatorAssertionResponse> build() {
      byte[] authenticatorData =
          ByteBuffer.allocate(37)
              .put(sha256(rpId.getBytes(StandardCharsets.UTF_8)))
              .put((byte) flags)
              .putInt((int) signCount)
              .array();
      byte[] clientData = clientData("webauthn.get", b64(challenge.getBytes()), origin);
      byte[] signature;
      try {
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key.getPrivate());
        ByteArrayOutputStream signed = new ByteArrayOutputStream();
        signed.write(authenticatorData);
        signed.write(sha256(clientData));
        signer.update(signed.toByteArray());
        signature = signer.sign();
      } catch (GeneralSecurityException | java.io.IOException e) {
        throw new IllegalStateException(e);
      }
      if (corruptSignature) {
        signature[signature.length - 1] ^= 0x01;
      }
      return PublicKeyCredential.<AuthenticatorAssertionResponse>builder()
          .id(credential.toBase64UrlString())
          .rawId(credential)
          .type(PublicKeyCredentialType.PUBLIC_KEY)
          .response(
              AuthenticatorAssertionResponse.builder()
                  .authenticatorData(new Bytes(authenticatorData))
                  .clientDataJSON(new Bytes(clientData))
                  .signature(new Bytes(signature))
                  .userHandle(handle)
                  .build())
          .clientExtensionResults(new ImmutableAuthenticationExtensionsClientOutputs())
          .build();
    }
  }

  public Assertion assertion(Bytes challenge) {
    return new Assertion(challenge);
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
