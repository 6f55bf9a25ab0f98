package jp.ishikawa.id.idp.passkey;

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
final class TestAuthenticator {

  static final String RP_ID = "id.example";
  static final String ORIGIN = "https://id.example";

  private final KeyPair key;
  final Bytes credentialId = Bytes.random();
  final Bytes userHandle;

  TestAuthenticator(Bytes userHandle) {
    this.userHandle = userHandle;
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
  CredentialRecord record(long signCount) {
    return record(signCount, false);
  }

  /** The same, for a key that is (or is not) backup-eligible: a synced passkey. */
  @SuppressWarnings("deprecation")
  CredentialRecord record(long signCount, boolean synced) {
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

  /** An assertion, with every part a test may bend. */
  final class Assertion {
    Bytes challenge;
    String origin = ORIGIN;
    String rpId = RP_ID;
    int flags = 0x05; // UP | UV
    long signCount = 10;
    Bytes credential = credentialId;
    Bytes handle = userHandle;
    boolean corruptSignature;

    Assertion(Bytes challenge) {
      this.challenge = challenge;
    }

    // Spring's PublicKeyCredential builder methods return the raw builder type.
    @SuppressWarnings("unchecked")
    PublicKeyCredential<AuthenticatorAssertionResponse> build() {
      byte[] authenticatorData =
          ByteBuffer.allocate(37)
              .put(sha256(rpId.getBytes(StandardCharsets.UTF_8)))
              .put((byte) flags)
              .putInt((int) signCount)
              .array();
      byte[] clientData =
          ("{\"type\":\"webauthn.get\",\"challenge\":\""
                  + Base64.getUrlEncoder().withoutPadding().encodeToString(challenge.getBytes())
                  + "\",\"origin\":\""
                  + origin
                  + "\",\"crossOrigin\":false}")
              .getBytes(StandardCharsets.UTF_8);
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

  Assertion assertion(Bytes challenge) {
    return new Assertion(challenge);
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
