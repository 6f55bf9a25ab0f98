// A relying party built on openid-client (a certified OpenID Connect RP library), driven by the
// IdP's JUnit tests (flow/OpenIdClientContract). It knows only what a service vendor is given:
// the issuer (discovery URL), its client id, secret or private key, and redirect URI. Everything
// else comes from /.well-known/openid-configuration and the JWKS it names.
//
// Usage: node relying-party.mjs <command>, with the client in the environment:
//   RP_ISSUER, RP_CLIENT_ID, RP_CLIENT_SECRET (absent for a public client), RP_REDIRECT_URI,
//   RP_POST_LOGOUT_REDIRECT_URI (absent when the client registered none), RP_SCOPE, and optionally RP_TOKEN_ENDPOINT_AUTH_METHOD (the
//   client's registered method; client_secret_basic by default, as OIDC Dynamic Client
//   Registration §2 has it, and none for a public client); for private_key_jwt, RP_PRIVATE_JWK
//   (the client's EC private key as a JWK, with its kid)
//
// The bridge to the test is line-delimited JSON: the script writes one JSON object per line to
// stdout ({"step": ...}), and reads one JSON object per line from stdin when it needs the browser
// (the test drives the card login). A failure is {"step":"error", ...} and exit code 1. Each
// command is one function in COMMANDS. openid-client has no logout-token validation, so that one
// (rp-logout) is jose, the JOSE library openid-client itself is built on.

import * as client from 'openid-client';
import * as jose from 'jose';
import { createInterface } from 'node:readline';

const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();

function say(step, body = {}) {
  process.stdout.write(JSON.stringify({ step, ...body }) + '\n');
}

async function ask(step, body) {
  say(step, body);
  const next = await lines.next();
  if (next.done) {
    throw new Error(`stdin closed while waiting for the answer to ${step}`);
  }
  return JSON.parse(next.value);
}

function setting(name, required = true) {
  const value = process.env[name];
  if (required && !value) {
    throw new Error(`${name} is not set`);
  }
  return value || undefined;
}

/** The OAuth error a refused request came back with, or null when it succeeded. */
async function refusal(request) {
  try {
    await request();
    return null;
  } catch (e) {
    // A token endpoint error carries `error`; a userinfo 401 carries it in WWW-Authenticate.
    const challenge = Array.isArray(e.cause) ? e.cause[0]?.parameters?.error : undefined;
    const response = e.response ?? (e.cause instanceof Response ? e.cause : undefined);
    return {
      error: e.error ?? challenge ?? e.code ?? e.name,
      status: e.status ?? response?.status ?? null,
      www_authenticate: response?.headers.get('www-authenticate') ?? null,
      message: e.message,
    };
  }
}

/** Discovery, and nothing else: the configuration a service builds from our metadata alone. */
async function discover() {
  const issuer = new URL(setting('RP_ISSUER'));
  const options = {};
  if (issuer.protocol === 'http:') {
    // The test IdP listens on http://localhost; this is about the transport, not the protocol.
    options.execute = [client.allowInsecureRequests];
  }
  return client.discovery(
    issuer,
    setting('RP_CLIENT_ID'),
    undefined,
    await clientAuthentication(),
    options,
  );
}

/** How the client authenticates at the token endpoint: as it registered, never guessed. */
async function clientAuthentication() {
  const secret = setting('RP_CLIENT_SECRET', false);
  const method =
    setting('RP_TOKEN_ENDPOINT_AUTH_METHOD', false) ?? (secret ? 'client_secret_basic' : 'none');
  switch (method) {
    case 'none':
      return client.None();
    case 'client_secret_basic':
      return client.ClientSecretBasic(setting('RP_CLIENT_SECRET'));
    case 'client_secret_post':
      return client.ClientSecretPost(setting('RP_CLIENT_SECRET'));
    case 'private_key_jwt':
      // RFC 7523 assertions signed by openid-client (ES256 from the P-256 key, aud the issuer).
      return client.PrivateKeyJwt(await privateKey());
    default:
      throw new Error(`RP_TOKEN_ENDPOINT_AUTH_METHOD ${method} is not one this script knows`);
  }
}

/** The client's EC signing key, from the private JWK in RP_PRIVATE_JWK. */
async function privateKey() {
  const jwk = JSON.parse(setting('RP_PRIVATE_JWK'));
  if (jwk.kty !== 'EC' || !jwk.d) {
    throw new Error('RP_PRIVATE_JWK must be a private EC JWK');
  }
  const key = await crypto.subtle.importKey(
    'jwk',
    { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, d: jwk.d },
    { name: 'ECDSA', namedCurve: jwk.crv },
    false,
    ['sign'],
  );
  return { key, kid: jwk.kid };
}

/** The claims of a JWT, unverified: for reporting what a token says, never for trusting it. */
function claimsOf(jwt) {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url'));
}

/**
 * The code flow with PKCE, state and nonce, up to validated tokens. With `par` the request is
 * pushed (RFC 9126) and the browser gets only client_id and request_uri; with `DPoP` (a handle of
 * getDPoPHandle) the code is exchanged with a DPoP proof (RFC 9449).
 */
async function logIn(config, { par = false, DPoP } = {}) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const parameters = {
    redirect_uri: setting('RP_REDIRECT_URI'),
    scope: setting('RP_SCOPE'),
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  };
  const authorizationUrl = par
    ? await client.buildAuthorizationUrlWithPAR(config, parameters, { DPoP })
    : client.buildAuthorizationUrl(config, parameters);
  const { callback_url: callbackUrl } = await ask('authorize', {
    authorization_url: authorizationUrl.href,
  });
  // Checks state, iss (RFC 9207, when advertised), the code exchange with the verifier, and the
  // ID token: signature against the JWKS, algorithm against discovery, iss, aud, exp, nonce.
  const tokens = await client.authorizationCodeGrant(
    config,
    new URL(callbackUrl),
    {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    },
    undefined,
    { DPoP },
  );
  return tokens;
}

const COMMANDS = {
  /**
   * The everyday life of a service: log in, userinfo; for a confidential client refresh
   * (rotation) and revocation; the RP-initiated logout URL when the client registered a
   * post-logout address. Then, once the test has followed that URL (it answers the result), a
   * rotated refresh token presented again: refused, and the whole grant with it (RFC 9700 §4.14.2),
   * so the newest refresh token is refused too.
   */
  async 'code-flow'() {
    const config = await discover();
    const metadata = config.serverMetadata();
    const tokens = await logIn(config);
    const idToken = tokens.claims();
    const userinfo = await client.fetchUserInfo(config, tokens.access_token, idToken.sub);

    let refresh = null;
    let revocation = null;
    let lastIdToken = tokens.id_token;
    if (tokens.refresh_token) {
      const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token);
      lastIdToken = refreshed.id_token ?? lastIdToken;
      refresh = {
        rotated: Boolean(refreshed.refresh_token) && refreshed.refresh_token !== tokens.refresh_token,
        // OIDC Core §12.2: a refreshed ID token keeps the login's sub, acr and auth_time.
        id_token: refreshed.claims() ?? null,
      };
      refresh.latest_refresh_token = refreshed.refresh_token;
      await client.tokenRevocation(config, refreshed.access_token, {
        token_type_hint: 'access_token',
      });
      revocation = {
        userinfo_after_revocation: await refusal(() =>
          client.fetchUserInfo(config, refreshed.access_token, idToken.sub),
        ),
      };
    }
    // RP-initiated logout, for a client that registered where to come back to.
    const postLogout = setting('RP_POST_LOGOUT_REDIRECT_URI', false);
    const endSessionState = postLogout ? client.randomState() : null;
    const endSessionUrl = postLogout
      ? client.buildEndSessionUrl(config, {
          id_token_hint: lastIdToken,
          post_logout_redirect_uri: postLogout,
          state: endSessionState,
        })
      : null;
    const latestRefreshToken = refresh?.latest_refresh_token;
    if (refresh) {
      delete refresh.latest_refresh_token;
    }
    const result = {
      issuer: metadata.issuer,
      id_token_alg: JSON.parse(Buffer.from(tokens.id_token.split('.')[0], 'base64url')).alg,
      id_token: idToken,
      userinfo,
      refresh,
      revocation,
      end_session_url: endSessionUrl?.href ?? null,
      end_session_state: endSessionState,
    };
    if (!latestRefreshToken) {
      say('result', result);
      return;
    }
    // Reuse detection comes last: it revokes the grant the logout's id_token_hint belongs to.
    await ask('result', result);
    say('reuse', {
      old_refresh_token_refused: await refusal(() =>
        client.refreshTokenGrant(config, tokens.refresh_token),
      ),
      latest_refresh_token_refused: await refusal(() =>
        client.refreshTokenGrant(config, latestRefreshToken),
      ),
    });
  },

  /**
   * A client that must push its requests and authenticates with private_key_jwt (e-application):
   * PAR, the code exchange, refresh and revocation, each authenticated with a client assertion.
   */
  async 'par-flow'() {
    const config = await discover();
    const metadata = config.serverMetadata();
    const tokens = await logIn(config, { par: true });
    const idToken = tokens.claims();
    const userinfo = await client.fetchUserInfo(config, tokens.access_token, idToken.sub);
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token);
    await client.tokenRevocation(config, refreshed.refresh_token, {
      token_type_hint: 'refresh_token',
    });
    say('result', {
      pushed_authorization_request_endpoint: metadata.pushed_authorization_request_endpoint ?? null,
      token_endpoint_auth_methods_supported: metadata.token_endpoint_auth_methods_supported ?? null,
      id_token: idToken,
      userinfo,
      refresh: {
        rotated:
          Boolean(refreshed.refresh_token) && refreshed.refresh_token !== tokens.refresh_token,
        id_token: refreshed.claims() ?? null,
      },
      refresh_after_revocation: await refusal(() =>
        client.refreshTokenGrant(config, refreshed.refresh_token),
      ),
    });
  },

  /**
   * A public client whose tokens must be DPoP-bound (points-app): one key pair for its life, the
   * code exchange, userinfo and refresh each with a proof by it. Then the same access token as a
   * plain bearer token, and the refresh token with a proof by another key: both refused.
   */
  async 'dpop-flow'() {
    const config = await discover();
    const metadata = config.serverMetadata();
    const keyPair = await client.randomDPoPKeyPair('ES256');
    const DPoP = client.getDPoPHandle(config, keyPair);
    const tokens = await logIn(config, { DPoP });
    const idToken = tokens.claims();
    const userinfo = await client.fetchUserInfo(config, tokens.access_token, idToken.sub, { DPoP });
    const asBearer = await refusal(() =>
      client.fetchUserInfo(config, tokens.access_token, idToken.sub),
    );
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token, undefined, {
      DPoP,
    });
    const refreshedUserinfo = await client.fetchUserInfo(
      config,
      refreshed.access_token,
      idToken.sub,
      { DPoP },
    );
    const thief = client.getDPoPHandle(config, await client.randomDPoPKeyPair('ES256'));
    say('result', {
      dpop_signing_alg_values_supported: metadata.dpop_signing_alg_values_supported ?? null,
      public_jwk: await crypto.subtle.exportKey('jwk', keyPair.publicKey),
      token_type: tokens.token_type,
      access_token_cnf: claimsOf(tokens.access_token).cnf ?? null,
      id_token: idToken,
      userinfo,
      userinfo_as_bearer: asBearer,
      refresh: {
        token_type: refreshed.token_type,
        rotated:
          Boolean(refreshed.refresh_token) && refreshed.refresh_token !== tokens.refresh_token,
        access_token_cnf: claimsOf(refreshed.access_token).cnf ?? null,
        userinfo: refreshedUserinfo,
      },
      refresh_with_another_key: await refusal(() =>
        client.refreshTokenGrant(config, refreshed.refresh_token, undefined, { DPoP: thief }),
      ),
    });
  },

  /**
   * Log in, then the RP-initiated logout URL for the test's browser to follow. The test answers
   * with the logout token its back-channel endpoint received, which this side validates as
   * Back-Channel Logout 1.0 §2.6 says, with jose against the JWKS discovery names.
   */
  async 'rp-logout'() {
    const config = await discover();
    const metadata = config.serverMetadata();
    const tokens = await logIn(config);
    const idToken = tokens.claims();
    const state = client.randomState();
    const { logout_token: logoutToken } = await ask('result', {
      id_token: idToken,
      end_session_url: client.buildEndSessionUrl(config, {
        id_token_hint: tokens.id_token,
        post_logout_redirect_uri: setting('RP_POST_LOGOUT_REDIRECT_URI'),
        state,
      }).href,
      end_session_state: state,
    });
    say(
      'logout_token',
      await validLogoutToken(
        metadata,
        logoutToken,
        idToken,
        jose.decodeProtectedHeader(tokens.id_token).alg,
      ),
    );
  },
};

const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/**
 * A logout token checked as Back-Channel Logout 1.0 §2.6 says: signature by a key of our JWKS
 * with the algorithm of the client's ID tokens, typ logout+jwt, iss, aud, iat; the logout event;
 * sub or sid (here both, matching the ID token of the session that ended); no nonce. Its claims
 * when valid; a thrown error otherwise.
 */
async function validLogoutToken(metadata, logoutToken, idToken, idTokenAlg) {
  const jwks = jose.createRemoteJWKSet(new URL(metadata.jwks_uri));
  const { payload, protectedHeader } = await jose.jwtVerify(logoutToken, jwks, {
    issuer: metadata.issuer,
    audience: setting('RP_CLIENT_ID'),
    typ: 'logout+jwt',
    algorithms: [idTokenAlg],
    requiredClaims: ['iat', 'jti', 'events'],
  });
  const problems = [];
  if (typeof payload.events?.[BACKCHANNEL_LOGOUT_EVENT] !== 'object') {
    problems.push('no back-channel logout event');
  }
  if ('nonce' in payload) {
    problems.push('a nonce');
  }
  if (payload.sub !== idToken.sub) {
    problems.push(`sub ${payload.sub}, not the ID token's`);
  }
  if (payload.sid !== idToken.sid) {
    problems.push(`sid ${payload.sid}, not the ID token's`);
  }
  if (problems.length > 0) {
    throw new Error(`logout token refused: ${problems.join('; ')}`);
  }
  return { alg: protectedHeader.alg, typ: protectedHeader.typ, claims: payload };
}

async function main() {
  const name = process.argv[2];
  const command = COMMANDS[name];
  if (!command) {
    throw new Error(`unknown command ${name}; one of ${Object.keys(COMMANDS).join(', ')}`);
  }
  await command();
}

main().then(
  () => process.exit(0),
  (e) => {
    say('error', {
      name: e.name,
      code: e.code ?? null,
      error: e.error ?? null,
      message: e.message,
      cause: e.cause ? String(e.cause.message ?? e.cause) : null,
    });
    process.exit(1);
  },
);
