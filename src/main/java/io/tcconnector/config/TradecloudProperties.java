package io.tcconnector.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the Tradecloud webhook connector, bound from {@code tradecloud.*}.
 *
 * @param outputDir Root of the shared folders the connector writes to (orders/,
 * shipments/, documents/).
 * @param dataDir Folder for the connector's own state: broker journal, database,
 * generated development certificate.
 * @param webhook How Tradecloud's webhook calls are accepted.
 * @param api The Tradecloud API the connector calls (documents, orders, shipments).
 * @param shipments How shipments are split into lines.
 * @param documents How documents are downloaded.
 * @param legacyApi Tradecloud's legacy API v1, for GET webhooks of old integrations.
 * @param broker The embedded JMS broker.
 * @param targets Where each kind of event goes; the routes in routes/*.camel.yaml refer
 * to these.
 * @param delivery How accepted events are delivered from the queues: parallelism and
 * retries.
 * @param deduplication How duplicates of an event are recognised.
 * @param erp The ERP endpoint every order event is POSTed to, when set.
 * @param admin The operator who may list and replay dead letters
 * ({@code /admin/dead-letters}), with Basic authentication; none: nobody may.
 * @param journal The event journal behind the console ({@code /console},
 * {@code /admin/events}): every request Tradecloud made and every delivery step.
 */
@Validated
@ConfigurationProperties("tradecloud")
public record TradecloudProperties(@DefaultValue("outbox") @NotNull Path outputDir,
		@DefaultValue("data") @NotNull Path dataDir, @DefaultValue @Valid Webhook webhook, @DefaultValue @Valid Api api,
		@DefaultValue @Valid Shipments shipments, @DefaultValue @Valid Documents documents,
		@DefaultValue @Valid LegacyApi legacyApi, @DefaultValue @Valid Broker broker,
		@DefaultValue @Valid Targets targets, @DefaultValue @Valid Delivery delivery,
		@DefaultValue @Valid Deduplication deduplication, @DefaultValue @Valid Erp erp,
		@DefaultValue @Valid Credentials admin, @DefaultValue @Valid Journal journal) {

	/**
	 * Webhook ingress settings.
	 *
	 * @param basic Basic credentials Tradecloud sends.
	 * @param bearerToken Static bearer tokens Tradecloud may send; several at once during
	 * a rotation. A token that holds a comma must be given as a YAML list or an indexed
	 * variable (TRADECLOUD_WEBHOOK_BEARERTOKEN_0_).
	 * @param oauth2 OAuth2 access tokens (JWT) Tradecloud gets from Microsoft Entra ID,
	 * ADFS or Azure AD B2C and sends as bearer tokens.
	 * @param allowedNetworks Networks webhooks are accepted from, in CIDR notation
	 * (Tradecloud's addresses); from anywhere when empty.
	 * @param trustedProxies Reverse proxies (CIDR) in front of the connector whose
	 * X-Forwarded-For header is believed; nobody's when empty.
	 * @param maxBodySize Largest webhook body accepted; larger ones are answered 413.
	 * @param acknowledge When Tradecloud gets its answer: async (202 once the event is
	 * stored on the broker, delivered from there) or sync (200 once every target has it;
	 * a target that is down is answered 502/503/504 so that Tradecloud retries).
	 */
	public record Webhook(@DefaultValue @Valid Basic basic, @DefaultValue List<String> bearerToken,
			@DefaultValue @Valid OAuth2 oauth2, @DefaultValue List<String> allowedNetworks,
			@DefaultValue List<String> trustedProxies, @DefaultValue("10MB") @NotNull DataSize maxBodySize,
			@DefaultValue("async") @NotNull Acknowledge acknowledge) {

		/**
		 * Bearer tokens that are set, blanks left out.
		 * @return the tokens to accept
		 */
		public List<String> acceptedBearerTokens() {
			return this.bearerToken.stream().filter(StringUtils::hasText).toList();
		}

	}

	/**
	 * Validation of the OAuth2 access tokens (JWT) Tradecloud sends: signature against
	 * the issuer's keys (JWKS), issuer, audience, expiry and not-before, the signing
	 * algorithm and, optionally, the client application.
	 *
	 * @param issuerUri Issuers whose tokens are accepted, e.g.
	 * https://login.microsoftonline.com/{tenant}/v2.0; an Entra ID issuer in either form
	 * (v2 or https://sts.windows.net/{tenant}/) accepts the other form of the same tenant
	 * too. Setting one turns OAuth2 on.
	 * @param jwkSetUri Where the issuer publishes its signing keys; found through the
	 * first issuer's OpenID configuration when not set.
	 * @param audience Audiences accepted: the application id URI (api://...) or client id
	 * of the connector's registration; a token must name one of them.
	 * @param allowedClientIds Client applications whose tokens are accepted (the azp
	 * claim, appid in v1 tokens); any client when empty.
	 * @param clockSkew Tolerance for clocks that differ, on expiry and not-before.
	 * @param algorithms Signing algorithms accepted; asymmetric ones only (RS256, RS384,
	 * RS512, ES256, ES384, ES512, PS256, PS384, PS512), never none or HMAC.
	 */
	public record OAuth2(@DefaultValue List<String> issuerUri, URI jwkSetUri, @DefaultValue List<String> audience,
			@DefaultValue List<String> allowedClientIds, @DefaultValue("60s") @NotNull Duration clockSkew,
			@DefaultValue("RS256") List<String> algorithms) {

		/**
		 * Whether OAuth2 tokens are accepted.
		 * @return true when an issuer is set
		 */
		public boolean isEnabled() {
			return this.issuerUri.stream().anyMatch(StringUtils::hasText);
		}

	}

	/**
	 * When a webhook is answered.
	 */
	public enum Acknowledge {

		/**
		 * 202 as soon as the event is stored durably on the broker; the targets get it
		 * from there, in order per order, retried until they take it.
		 */
		ASYNC,

		/**
		 * 200 only once every target has the event; 502/503/504 when one is temporarily
		 * unavailable, so that Tradecloud retries.
		 */
		SYNC

	}

	/**
	 * Basic credentials: one user name, one or more passwords.
	 *
	 * @param username User name Tradecloud sends with Basic authentication.
	 * @param password Passwords accepted for that user; several at once during a
	 * rotation. A password that holds a comma must be given as a YAML list or an indexed
	 * variable (TRADECLOUD_WEBHOOK_BASIC_PASSWORD_0_).
	 */
	public record Basic(String username, @DefaultValue List<String> password) {

		/**
		 * Passwords that are set, blanks left out; none when no user name is set.
		 * @return the passwords to accept
		 */
		public List<String> acceptedPasswords() {
			if (!StringUtils.hasText(this.username)) {
				return List.of();
			}
			return this.password.stream().filter(StringUtils::hasText).toList();
		}

	}

	/**
	 * The Tradecloud API v2 and the integration user the connector calls it as.
	 *
	 * @param url Base URL of the Tradecloud API v2; production is
	 * https://api.tradecloud1.com/v2.
	 * @param username E-mail address of a Tradecloud user with the integration role.
	 * @param password Password of that user.
	 * @param connectTimeout Time to establish a connection.
	 * @param requestTimeout Time for an API answer (login, metadata, order, shipment).
	 * @param downloadTimeout Longest a single document download may take.
	 * @param refreshBeforeExpiry How long before it expires an access token is refreshed.
	 */
	public record Api(@DefaultValue("https://api.accp.tradecloud1.com/v2") @NotNull URI url, String username,
			String password, @DefaultValue("10s") @NotNull Duration connectTimeout,
			@DefaultValue("30s") @NotNull Duration requestTimeout,
			@DefaultValue("30m") @NotNull Duration downloadTimeout,
			@DefaultValue("5m") @NotNull Duration refreshBeforeExpiry) {

		/**
		 * The integration user's credentials.
		 * @return user name and password
		 */
		public Credentials credentials() {
			return new Credentials(this.username, this.password);
		}

	}

	/**
	 * Shipment line split settings.
	 *
	 * @param allLines Send every line of every shipment event, not only the lines the
	 * event changed.
	 */
	public record Shipments(@DefaultValue("false") boolean allLines) {

	}

	/**
	 * Document download settings.
	 *
	 * @param maxSize Largest document downloaded, from Tradecloud's storage or a
	 * partner's URL; a larger one is stopped and its event goes to the dead-letter queue
	 * with the reason.
	 */
	public record Documents(@DefaultValue("512MB") @NotNull DataSize maxSize) {

	}

	/**
	 * Tradecloud's legacy API v1 (tradecloud.nl): Basic authentication on every request.
	 *
	 * @param url Base URL of the API v1, e.g. https://test.tradecloud.nl/api/v1.
	 * @param username User name for the API v1.
	 * @param password Password for the API v1.
	 */
	public record LegacyApi(URI url, String username, String password) {

		/**
		 * The credentials sent to the API v1.
		 * @return user name and password
		 */
		public Credentials credentials() {
			return new Credentials(this.username, this.password);
		}

	}

	/**
	 * The embedded ActiveMQ Artemis broker.
	 *
	 * @param listenUrl Acceptor on which outside consumers reach the embedded broker;
	 * empty for none.
	 * @param maxQueueMemory Most memory the messages waiting on one queue may take;
	 * beyond it they wait on disk (paging) until a consumer takes them.
	 */
	public record Broker(@DefaultValue("tcp://127.0.0.1:61616") String listenUrl,
			@DefaultValue("8MB") @NotNull DataSize maxQueueMemory) {

	}

	/**
	 * Queues the default routes deliver to, used as placeholders in the routes; folders
	 * are under {@code tradecloud.output-dir}.
	 *
	 * @param ordersQueue Queue that receives every order event, exactly as received.
	 * @param eventsPendingQueue Queue that keeps every accepted event, exactly as
	 * received, until it is delivered to the targets (acknowledge mode async).
	 * @param erpPendingQueue Queue that keeps order events until the ERP has taken them.
	 * @param documentsQueue Queue that receives a message for every document downloaded:
	 * its path, the document's fields and the event it came with.
	 * @param shipmentLinesQueue Queue that receives one message per changed shipment
	 * line.
	 * @param deadLetterQueue Queue that keeps what could not be delivered for good, with
	 * the reason.
	 * @param documentsPendingQueue Queue that keeps order documents events and shipments
	 * until the document download takes them.
	 */
	public record Targets(@DefaultValue("tradecloud.orders") @NotBlank String ordersQueue,
			@DefaultValue("tradecloud.pending.events") @NotBlank String eventsPendingQueue,
			@DefaultValue("tradecloud.pending.erp") @NotBlank String erpPendingQueue,
			@DefaultValue("tradecloud.documents") @NotBlank String documentsQueue,
			@DefaultValue("tradecloud.shipment-lines") @NotBlank String shipmentLinesQueue,
			@DefaultValue("tradecloud.dead-letters") @NotBlank String deadLetterQueue,
			@DefaultValue("tradecloud.pending.documents") @NotBlank String documentsPendingQueue) {

	}

	/**
	 * How events are delivered from the queues to their targets.
	 *
	 * @param consumers Events delivered at the same time, from the events queue and from
	 * the ERP queue each; events of one order (or one shipment) are always delivered one
	 * after the other, in the order they arrived. More consumers let the broker commit
	 * more deliveries in one journal write: a backlog reaches the ERP faster
	 * (bench/README.md, "End to end").
	 * @param retryDelay Wait before the first retry of a target that is temporarily
	 * unavailable.
	 * @param maxRetryDelay Longest wait between two retries; the wait doubles from
	 * retry-delay up to this.
	 * @param maxRetries Retries of a target that is temporarily unavailable before the
	 * event goes to the dead-letter queue (30: about two hours with the default delays).
	 */
	public record Delivery(@DefaultValue("4") @Min(1) int consumers, @DefaultValue("1s") @NotNull Duration retryDelay,
			@DefaultValue("5m") @NotNull Duration maxRetryDelay, @DefaultValue("30") @Min(0) int maxRetries) {

	}

	/**
	 * De-duplication of webhooks on Tradecloud's message id (or a hash of the body when
	 * there is none), kept in the database ({@code spring.datasource.*}).
	 *
	 * @param lockTimeout How long a copy of an event that is still being taken is
	 * answered 503 (retry later) before the first taker is presumed dead and the copy
	 * takes over. Longer than taking an event can last: the ERP request time-out in sync
	 * mode.
	 * @param retention How long message ids are remembered.
	 */
	public record Deduplication(@DefaultValue("2m") @NotNull Duration lockTimeout,
			@DefaultValue("30d") @NotNull Duration retention) {

	}

	/**
	 * The ERP endpoint order events are POSTed to, exactly as received, with the headers
	 * Tradecloud-Event-Name, Tradecloud-Message-Id and Idempotency-Key.
	 *
	 * @param url URL every order event is POSTed to; none: order events go to no ERP.
	 * @param shipmentsUrl URL every shipment event is POSTed to, as received; none:
	 * shipment events go to no ERP.
	 * @param basic Basic credentials for the ERP.
	 * @param bearerToken Static bearer token for the ERP.
	 * @param oauth2 OAuth2 client credentials for the ERP.
	 * @param connectTimeout Time to establish a connection to the ERP.
	 * @param requestTimeout Time for the ERP's answer; a slower answer counts as
	 * temporarily unavailable.
	 */
	public record Erp(URI url, URI shipmentsUrl, @DefaultValue @Valid Credentials basic, String bearerToken,
			@DefaultValue @Valid ErpOAuth2 oauth2, @DefaultValue("5s") @NotNull Duration connectTimeout,
			@DefaultValue("30s") @NotNull Duration requestTimeout) {

		/**
		 * Whether an ERP URL is set, for order events or for shipment events.
		 * @return true when events go to the ERP
		 */
		public boolean isEnabled() {
			return (this.url != null && StringUtils.hasText(this.url.toString()))
					|| (this.shipmentsUrl != null && StringUtils.hasText(this.shipmentsUrl.toString()));
		}

	}

	/**
	 * OAuth2 client credentials grant for the ERP: a token is fetched from the token
	 * endpoint, kept until shortly before it expires and sent as a bearer token.
	 *
	 * @param tokenUri Token endpoint, e.g.
	 * https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token.
	 * @param clientId Client id of the connector's registration.
	 * @param clientSecret Its client secret.
	 * @param scope Scope to ask for, e.g. api://erp/.default.
	 */
	public record ErpOAuth2(URI tokenUri, String clientId, String clientSecret, String scope) {

	}

	/**
	 * A user name and a password.
	 *
	 * @param username User name.
	 * @param password Password.
	 */
	public record Credentials(String username, String password) {

		/**
		 * Whether both are set.
		 * @return true when a user name and a password are set
		 */
		public boolean isEnabled() {
			return StringUtils.hasText(this.username) && StringUtils.hasText(this.password);
		}

	}

	/**
	 * The event journal in the connector's database: a record per request Tradecloud made
	 * and per delivery step, written in the background so that it never holds up nor
	 * loses an event (a record that cannot be written is dropped with a WARN).
	 *
	 * @param enabled Whether requests and delivery steps are journaled.
	 * @param retention How long journal records are kept; older ones are purged in the
	 * background.
	 * @param maxBodySize Largest body kept in the journal (gzip-compressed); a larger
	 * body is journaled without it and cannot be replayed from the console.
	 * @param refusedBodySize Most bytes kept of the body of a refused request (401, 400,
	 * 413, 415).
	 * @param refusedPerMinute Most refused requests journaled per source address and
	 * minute; further ones are only counted in the log, so that a flood cannot fill the
	 * database.
	 * @param queueCapacity Journal records waiting for the background writer; when full,
	 * further records are dropped with a WARN.
	 * @param purgeInterval How often records older than the retention are purged.
	 */
	public record Journal(@DefaultValue("true") boolean enabled, @DefaultValue("30d") @NotNull Duration retention,
			@DefaultValue("10MB") @NotNull DataSize maxBodySize, @DefaultValue("1KB") @NotNull DataSize refusedBodySize,
			@DefaultValue("30") @Min(0) int refusedPerMinute, @DefaultValue("10000") @Min(1) int queueCapacity,
			@DefaultValue("1h") @NotNull Duration purgeInterval) {

	}

}
