// A relying party built on openid-client (a certified OpenID Connect RP library), driven by the
// IdP's JUnit tests (flow/OpenIdClientContract). It knows only what a service vendor is given:
// the issuer (discovery URL), its client id, secret and redirect URI. Everything else comes from
// /.well-known/openid-configuration and the JWKS it names.
//
// Usage: node relying-party.mjs <command>, with the client in the environment:
//   RP_ISSUER, RP_CLIENT_ID, RP_CLIENT_SECRET (absent for a public client), RP_REDIRECT_URI,
//   RP_POST_LOGOUT_REDIRECT_URI (absent when the client registered none), RP_SCOPE, and optionally RP_TOKEN_ENDPOINT_AUTH_METHOD (the
//   client's registered method; client_secret_basic by default, as OIDC Dynamic Client
//   Registration §2 has it, and none for a public client)
//
// The bridge to the test is line-delimited JSON: the script writes one JSON object per line to
// stdout ({"step": ...}), and reads one JSON object per line from stdin when it needs the browser
// (the test drives the card login). A failure is {"step":"error", ...} and exit code 1. Each
// command is one function in COMMANDS; further scenarios (PAR, private_key_jwt, DPoP, back-channel
// logout) are added there.

import * as client from 'openid-client';
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
  const secret = setting('RP_CLIENT_SECRET', false);
  const options = {};
  if (issuer.protocol === 'http:') {
    // The test IdP listens on http://localhost; this is about the transport, not the protocol.
    options.execute = [client.allowInsecureRequests];
  }
  return client.discovery(
    issuer,
    setting('RP_CLIENT_ID'),
    undefined,
    clientAuthentication(secret),
    options,
  );
}

/** How the client authenticates at the token endpoint: as it registered, never guessed. */
function clientAuthentication(secret) {
  if (!secret) {
    return client.None();
  }
  const method = setting('RP_TOKEN_ENDPOINT_AUTH_METHOD', false) ?? 'client_secret_basic';
  switch (method) {
    case 'client_secret_basic':
      return client.ClientSecretBasic(secret);
    case 'client_secret_post':
      return client.ClientSecretPost(secret);
    default:
      throw new Error(`RP_TOKEN_ENDPOINT_AUTH_METHOD ${method} is not one this script knows`);
  }
}

/** The code flow with PKCE, state and nonce, up to validated tokens. */
async function logIn(config) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const authorizationUrl = client.buildAuthorizationUrl(config, {
    redirect_uri: setting('RP_REDIRECT_URI'),
    scope: setting('RP_SCOPE'),
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  const { callback_url: callbackUrl } = await ask('authorize', {
    authorization_url: authorizationUrl.href,
  });
  // Checks state, iss (RFC 9207, when advertised), the code exchange with the verifier, and the
  // ID token: signature against the JWKS, algorithm against discovery, iss, aud, exp, nonce.
  const tokens = await client.authorizationCodeGrant(config, new URL(callbackUrl), {
    pkceCodeVerifier: verifier,
    expectedState: state,
    expectedNonce: nonce,
    idTokenExpected: true,
  });
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
};

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
