package io.tcconnector.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the Tradecloud webhook connector, bound from {@code tradecloud.*}.
 */
@Validated
@ConfigurationProperties("tradecloud")
public class TradecloudProperties {

	/**
	 * Root of the shared folders the connector writes to (orders/, shipments/,
	 * documents/).
	 */
	@NotNull
	private Path outputDir = Path.of("outbox");

	/**
	 * Folder for the connector's own state: broker journal, database, generated
	 * development certificate.
	 */
	@NotNull
	private Path dataDir = Path.of("data");

	/**
	 * How Tradecloud's webhook calls are accepted.
	 */
	@Valid
	private final Webhook webhook = new Webhook();

	/**
	 * The Tradecloud API the connector calls (documents, orders, shipments).
	 */
	@Valid
	private final Api api = new Api();

	/**
	 * How shipments are split into lines.
	 */
	@Valid
	private final Shipments shipments = new Shipments();

	/**
	 * How documents are downloaded.
	 */
	@Valid
	private final Documents documents = new Documents();

	/**
	 * Tradecloud's legacy API v1, for GET webhooks of old integrations.
	 */
	@Valid
	private final LegacyApi legacyApi = new LegacyApi();

	/**
	 * The embedded JMS broker.
	 */
	@Valid
	private final Broker broker = new Broker();

	/**
	 * Where each kind of event goes; the routes in routes/*.camel.yaml refer to these.
	 */
	@Valid
	private final Targets targets = new Targets();

	/**
	 * How accepted events are delivered from the queues: parallelism and retries.
	 */
	@Valid
	private final Delivery delivery = new Delivery();

	/**
	 * How duplicates of an event are recognised.
	 */
	@Valid
	private final Deduplication deduplication = new Deduplication();

	/**
	 * The ERP endpoint every order event is POSTed to, when set.
	 */
	@Valid
	private final Erp erp = new Erp();

	/**
	 * The operator who may list and replay dead letters ({@code /admin/dead-letters}),
	 * with Basic authentication; none: nobody may.
	 */
	@Valid
	private final UserPassword admin = new UserPassword();

	public Path getOutputDir() {
		return this.outputDir;
	}

	public void setOutputDir(Path outputDir) {
		this.outputDir = outputDir;
	}

	public Path getDataDir() {
		return this.dataDir;
	}

	public void setDataDir(Path dataDir) {
		this.dataDir = dataDir;
	}

	public Webhook getWebhook() {
		return this.webhook;
	}

	public Api getApi() {
		return this.api;
	}

	public Shipments getShipments() {
		return this.shipments;
	}

	public Documents getDocuments() {
		return this.documents;
	}

	public LegacyApi getLegacyApi() {
		return this.legacyApi;
	}

	public Broker getBroker() {
		return this.broker;
	}

	public Targets getTargets() {
		return this.targets;
	}

	public Delivery getDelivery() {
		return this.delivery;
	}

	public Deduplication getDeduplication() {
		return this.deduplication;
	}

	public Erp getErp() {
		return this.erp;
	}

	public UserPassword getAdmin() {
		return this.admin;
	}

	/**
	 * Webhook ingress settings.
	 */
	public static class Webhook {

		/**
		 * Basic credentials Tradecloud sends.
		 */
		@Valid
		private final Basic basic = new Basic();

		/**
		 * Static bearer tokens Tradecloud may send; several at once during a rotation. A
		 * token that holds a comma must be given as a YAML list or an indexed variable
		 * (TRADECLOUD_WEBHOOK_BEARERTOKEN_0_).
		 */
		private List<String> bearerToken = new ArrayList<>();

		/**
		 * OAuth2 access tokens (JWT) Tradecloud gets from Microsoft Entra ID, ADFS or
		 * Azure AD B2C and sends as bearer tokens.
		 */
		@Valid
		private final OAuth2 oauth2 = new OAuth2();

		/**
		 * Networks webhooks are accepted from, in CIDR notation (Tradecloud's addresses);
		 * from anywhere when empty.
		 */
		private List<String> allowedNetworks = new ArrayList<>();

		/**
		 * Reverse proxies (CIDR) in front of the connector whose X-Forwarded-For header
		 * is believed; nobody's when empty.
		 */
		private List<String> trustedProxies = new ArrayList<>();

		/**
		 * Largest webhook body accepted; larger ones are answered 413.
		 */
		@NotNull
		private DataSize maxBodySize = DataSize.ofMegabytes(10);

		/**
		 * When Tradecloud gets its answer: async (202 once the event is stored on the
		 * broker, delivered from there) or sync (200 once every target has it; a target
		 * that is down is answered 502/503/504 so that Tradecloud retries).
		 */
		@NotNull
		private Acknowledge acknowledge = Acknowledge.ASYNC;

		public Basic getBasic() {
			return this.basic;
		}

		public List<String> getBearerToken() {
			return this.bearerToken;
		}

		public void setBearerToken(List<String> bearerToken) {
			this.bearerToken = bearerToken;
		}

		public DataSize getMaxBodySize() {
			return this.maxBodySize;
		}

		public void setMaxBodySize(DataSize maxBodySize) {
			this.maxBodySize = maxBodySize;
		}

		public Acknowledge getAcknowledge() {
			return this.acknowledge;
		}

		public void setAcknowledge(Acknowledge acknowledge) {
			this.acknowledge = acknowledge;
		}

		/**
		 * Bearer tokens that are set, blanks left out.
		 * @return the tokens to accept
		 */
		public List<String> acceptedBearerTokens() {
			return this.bearerToken.stream().filter(StringUtils::hasText).toList();
		}

		public OAuth2 getOauth2() {
			return this.oauth2;
		}

		public List<String> getAllowedNetworks() {
			return this.allowedNetworks;
		}

		public void setAllowedNetworks(List<String> allowedNetworks) {
			this.allowedNetworks = allowedNetworks;
		}

		public List<String> getTrustedProxies() {
			return this.trustedProxies;
		}

		public void setTrustedProxies(List<String> trustedProxies) {
			this.trustedProxies = trustedProxies;
		}

	}

	/**
	 * Validation of the OAuth2 access tokens (JWT) Tradecloud sends: signature against
	 * the issuer's keys (JWKS), issuer, audience, expiry and not-before, the signing
	 * algorithm and, optionally, the client application.
	 */
	public static class OAuth2 {

		/**
		 * Issuers whose tokens are accepted, e.g.
		 * https://login.microsoftonline.com/{tenant}/v2.0; an Entra ID issuer in either
		 * form (v2 or https://sts.windows.net/{tenant}/) accepts the other form of the
		 * same tenant too. Setting one turns OAuth2 on.
		 */
		private List<String> issuerUri = new ArrayList<>();

		/**
		 * Where the issuer publishes its signing keys; found through the first issuer's
		 * OpenID configuration when not set.
		 */
		private URI jwkSetUri;

		/**
		 * Audiences accepted: the application id URI (api://...) or client id of the
		 * connector's registration; a token must name one of them.
		 */
		private List<String> audience = new ArrayList<>();

		/**
		 * Client applications whose tokens are accepted (the azp claim, appid in v1
		 * tokens); any client when empty.
		 */
		private List<String> allowedClientIds = new ArrayList<>();

		/**
		 * Tolerance for clocks that differ, on expiry and not-before.
		 */
		@NotNull
		private Duration clockSkew = Duration.ofSeconds(60);

		/**
		 * Signing algorithms accepted; asymmetric ones only (RS256, RS384, RS512, ES256,
		 * ES384, ES512, PS256, PS384, PS512), never none or HMAC.
		 */
		private List<String> algorithms = new ArrayList<>(List.of("RS256"));

		public List<String> getIssuerUri() {
			return this.issuerUri;
		}

		public void setIssuerUri(List<String> issuerUri) {
			this.issuerUri = issuerUri;
		}

		public URI getJwkSetUri() {
			return this.jwkSetUri;
		}

		public void setJwkSetUri(URI jwkSetUri) {
			this.jwkSetUri = jwkSetUri;
		}

		public List<String> getAudience() {
			return this.audience;
		}

		public void setAudience(List<String> audience) {
			this.audience = audience;
		}

		public List<String> getAllowedClientIds() {
			return this.allowedClientIds;
		}

		public void setAllowedClientIds(List<String> allowedClientIds) {
			this.allowedClientIds = allowedClientIds;
		}

		public Duration getClockSkew() {
			return this.clockSkew;
		}

		public void setClockSkew(Duration clockSkew) {
			this.clockSkew = clockSkew;
		}

		public List<String> getAlgorithms() {
			return this.algorithms;
		}

		public void setAlgorithms(List<String> algorithms) {
			this.algorithms = algorithms;
		}

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
	 */
	public static class Basic {

		/**
		 * User name Tradecloud sends with Basic authentication.
		 */
		private String username;

		/**
		 * Passwords accepted for that user; several at once during a rotation. A password
		 * that holds a comma must be given as a YAML list or an indexed variable
		 * (TRADECLOUD_WEBHOOK_BASIC_PASSWORD_0_).
		 */
		private List<String> password = new ArrayList<>();

		public String getUsername() {
			return this.username;
		}

		public void setUsername(String username) {
			this.username = username;
		}

		public List<String> getPassword() {
			return this.password;
		}

		public void setPassword(List<String> password) {
			this.password = password;
		}

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
	 */
	public static class Api {

		/**
		 * Base URL of the Tradecloud API v2; production is
		 * https://api.tradecloud1.com/v2.
		 */
		@NotNull
		private URI url = URI.create("https://api.accp.tradecloud1.com/v2");

		/**
		 * E-mail address of a Tradecloud user with the integration role.
		 */
		private String username;

		/**
		 * Password of that user.
		 */
		private String password;

		/**
		 * Time to establish a connection.
		 */
		@NotNull
		private Duration connectTimeout = Duration.ofSeconds(10);

		/**
		 * Time for an API answer (login, metadata, order, shipment).
		 */
		@NotNull
		private Duration requestTimeout = Duration.ofSeconds(30);

		/**
		 * Longest a single document download may take.
		 */
		@NotNull
		private Duration downloadTimeout = Duration.ofMinutes(30);

		/**
		 * How long before it expires an access token is refreshed.
		 */
		@NotNull
		private Duration refreshBeforeExpiry = Duration.ofMinutes(5);

		public URI getUrl() {
			return this.url;
		}

		public void setUrl(URI url) {
			this.url = url;
		}

		public String getUsername() {
			return this.username;
		}

		public void setUsername(String username) {
			this.username = username;
		}

		public String getPassword() {
			return this.password;
		}

		public void setPassword(String password) {
			this.password = password;
		}

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public Duration getRequestTimeout() {
			return this.requestTimeout;
		}

		public void setRequestTimeout(Duration requestTimeout) {
			this.requestTimeout = requestTimeout;
		}

		public Duration getDownloadTimeout() {
			return this.downloadTimeout;
		}

		public void setDownloadTimeout(Duration downloadTimeout) {
			this.downloadTimeout = downloadTimeout;
		}

		public Duration getRefreshBeforeExpiry() {
			return this.refreshBeforeExpiry;
		}

		public void setRefreshBeforeExpiry(Duration refreshBeforeExpiry) {
			this.refreshBeforeExpiry = refreshBeforeExpiry;
		}

	}

	/**
	 * Shipment line split settings.
	 */
	public static class Shipments {

		/**
		 * Send every line of every shipment event, not only the lines the event changed.
		 */
		private boolean allLines;

		public boolean isAllLines() {
			return this.allLines;
		}

		public void setAllLines(boolean allLines) {
			this.allLines = allLines;
		}

	}

	/**
	 * Document download settings.
	 */
	public static class Documents {

		/**
		 * Largest document downloaded, from Tradecloud's storage or a partner's URL; a
		 * larger one is stopped and its event goes to the dead-letter queue with the
		 * reason.
		 */
		@NotNull
		private DataSize maxSize = DataSize.ofMegabytes(512);

		public DataSize getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(DataSize maxSize) {
			this.maxSize = maxSize;
		}

	}

	/**
	 * Tradecloud's legacy API v1 (tradecloud.nl): Basic authentication on every request.
	 */
	public static class LegacyApi {

		/**
		 * Base URL of the API v1, e.g. https://test.tradecloud.nl/api/v1.
		 */
		private URI url;

		/**
		 * User name for the API v1.
		 */
		private String username;

		/**
		 * Password for the API v1.
		 */
		private String password;

		public URI getUrl() {
			return this.url;
		}

		public void setUrl(URI url) {
			this.url = url;
		}

		public String getUsername() {
			return this.username;
		}

		public void setUsername(String username) {
			this.username = username;
		}

		public String getPassword() {
			return this.password;
		}

		public void setPassword(String password) {
			this.password = password;
		}

	}

	/**
	 * The embedded ActiveMQ Artemis broker.
	 */
	public static class Broker {

		/**
		 * Acceptor on which outside consumers reach the embedded broker; empty for none.
		 */
		private String listenUrl = "tcp://127.0.0.1:61616";

		/**
		 * Most memory the messages waiting on one queue may take; beyond it they wait on
		 * disk (paging) until a consumer takes them.
		 */
		@NotNull
		private DataSize maxQueueMemory = DataSize.ofMegabytes(8);

		public DataSize getMaxQueueMemory() {
			return this.maxQueueMemory;
		}

		public void setMaxQueueMemory(DataSize maxQueueMemory) {
			this.maxQueueMemory = maxQueueMemory;
		}

		public String getListenUrl() {
			return this.listenUrl;
		}

		public void setListenUrl(String listenUrl) {
			this.listenUrl = listenUrl;
		}

	}

	/**
	 * Queues the default routes deliver to, used as placeholders in the routes; folders
	 * are under {@code tradecloud.output-dir}.
	 */
	public static class Targets {

		/**
		 * Queue that receives every order event, exactly as received.
		 */
		@NotBlank
		private String ordersQueue = "tradecloud.orders";

		/**
		 * Queue that keeps every accepted event, exactly as received, until it is
		 * delivered to the targets (acknowledge mode async).
		 */
		@NotBlank
		private String eventsPendingQueue = "tradecloud.pending.events";

		/**
		 * Queue that keeps order events until the ERP has taken them.
		 */
		@NotBlank
		private String erpPendingQueue = "tradecloud.pending.erp";

		/**
		 * Queue that receives a message for every document downloaded: its path, the
		 * document's fields and the event it came with.
		 */
		@NotBlank
		private String documentsQueue = "tradecloud.documents";

		/**
		 * Queue that receives one message per changed shipment line.
		 */
		@NotBlank
		private String shipmentLinesQueue = "tradecloud.shipment-lines";

		/**
		 * Queue that keeps what could not be delivered for good, with the reason.
		 */
		@NotBlank
		private String deadLetterQueue = "tradecloud.dead-letters";

		/**
		 * Queue that keeps order documents events and shipments until the document
		 * download takes them.
		 */
		@NotBlank
		private String documentsPendingQueue = "tradecloud.pending.documents";

		public String getOrdersQueue() {
			return this.ordersQueue;
		}

		public void setOrdersQueue(String ordersQueue) {
			this.ordersQueue = ordersQueue;
		}

		public String getEventsPendingQueue() {
			return this.eventsPendingQueue;
		}

		public void setEventsPendingQueue(String eventsPendingQueue) {
			this.eventsPendingQueue = eventsPendingQueue;
		}

		public String getErpPendingQueue() {
			return this.erpPendingQueue;
		}

		public void setErpPendingQueue(String erpPendingQueue) {
			this.erpPendingQueue = erpPendingQueue;
		}

		public String getDocumentsQueue() {
			return this.documentsQueue;
		}

		public void setDocumentsQueue(String documentsQueue) {
			this.documentsQueue = documentsQueue;
		}

		public String getShipmentLinesQueue() {
			return this.shipmentLinesQueue;
		}

		public void setShipmentLinesQueue(String shipmentLinesQueue) {
			this.shipmentLinesQueue = shipmentLinesQueue;
		}

		public String getDeadLetterQueue() {
			return this.deadLetterQueue;
		}

		public void setDeadLetterQueue(String deadLetterQueue) {
			this.deadLetterQueue = deadLetterQueue;
		}

		public String getDocumentsPendingQueue() {
			return this.documentsPendingQueue;
		}

		public void setDocumentsPendingQueue(String documentsPendingQueue) {
			this.documentsPendingQueue = documentsPendingQueue;
		}

	}

	/**
	 * How events are delivered from the queues to their targets.
	 */
	public static class Delivery {

		/**
		 * Events delivered at the same time, from the events queue and from the ERP queue
		 * each; events of one order (or one shipment) are always delivered one after the
		 * other, in the order they arrived.
		 */
		@Min(1)
		private int consumers = 4;

		/**
		 * Wait before the first retry of a target that is temporarily unavailable.
		 */
		@NotNull
		private Duration retryDelay = Duration.ofSeconds(1);

		/**
		 * Longest wait between two retries; the wait doubles from retry-delay up to this.
		 */
		@NotNull
		private Duration maxRetryDelay = Duration.ofMinutes(5);

		/**
		 * Retries of a target that is temporarily unavailable before the event goes to
		 * the dead-letter queue (30: about two hours with the default delays).
		 */
		@Min(0)
		private int maxRetries = 30;

		public int getConsumers() {
			return this.consumers;
		}

		public void setConsumers(int consumers) {
			this.consumers = consumers;
		}

		public Duration getRetryDelay() {
			return this.retryDelay;
		}

		public void setRetryDelay(Duration retryDelay) {
			this.retryDelay = retryDelay;
		}

		public Duration getMaxRetryDelay() {
			return this.maxRetryDelay;
		}

		public void setMaxRetryDelay(Duration maxRetryDelay) {
			this.maxRetryDelay = maxRetryDelay;
		}

		public int getMaxRetries() {
			return this.maxRetries;
		}

		public void setMaxRetries(int maxRetries) {
			this.maxRetries = maxRetries;
		}

	}

	/**
	 * De-duplication of webhooks on Tradecloud's message id (or a hash of the body when
	 * there is none), kept in the database ({@code spring.datasource.*}).
	 */
	public static class Deduplication {

		/**
		 * How long a copy of an event that is still being taken is answered 503 (retry
		 * later) before the first taker is presumed dead and the copy takes over. Longer
		 * than taking an event can last: the ERP request time-out in sync mode.
		 */
		@NotNull
		private Duration lockTimeout = Duration.ofMinutes(2);

		/**
		 * How long message ids are remembered.
		 */
		@NotNull
		private Duration retention = Duration.ofDays(30);

		public Duration getLockTimeout() {
			return this.lockTimeout;
		}

		public void setLockTimeout(Duration lockTimeout) {
			this.lockTimeout = lockTimeout;
		}

		public Duration getRetention() {
			return this.retention;
		}

		public void setRetention(Duration retention) {
			this.retention = retention;
		}

	}

	/**
	 * The ERP endpoint order events are POSTed to, exactly as received, with the headers
	 * Tradecloud-Event-Name, Tradecloud-Message-Id and Idempotency-Key.
	 */
	public static class Erp {

		/**
		 * URL every order event is POSTed to; none: order events go to no ERP.
		 */
		private URI url;

		/**
		 * URL every shipment event is POSTed to, as received; none: shipment events go to
		 * no ERP.
		 */
		private URI shipmentsUrl;

		/**
		 * Basic credentials for the ERP.
		 */
		@Valid
		private final UserPassword basic = new UserPassword();

		/**
		 * Static bearer token for the ERP.
		 */
		private String bearerToken;

		/**
		 * OAuth2 client credentials for the ERP.
		 */
		@Valid
		private final ErpOAuth2 oauth2 = new ErpOAuth2();

		/**
		 * Time to establish a connection to the ERP.
		 */
		@NotNull
		private Duration connectTimeout = Duration.ofSeconds(5);

		/**
		 * Time for the ERP's answer; a slower answer counts as temporarily unavailable.
		 */
		@NotNull
		private Duration requestTimeout = Duration.ofSeconds(30);

		public URI getUrl() {
			return this.url;
		}

		public void setUrl(URI url) {
			this.url = url;
		}

		public URI getShipmentsUrl() {
			return this.shipmentsUrl;
		}

		public void setShipmentsUrl(URI shipmentsUrl) {
			this.shipmentsUrl = shipmentsUrl;
		}

		public UserPassword getBasic() {
			return this.basic;
		}

		public String getBearerToken() {
			return this.bearerToken;
		}

		public void setBearerToken(String bearerToken) {
			this.bearerToken = bearerToken;
		}

		public ErpOAuth2 getOauth2() {
			return this.oauth2;
		}

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public Duration getRequestTimeout() {
			return this.requestTimeout;
		}

		public void setRequestTimeout(Duration requestTimeout) {
			this.requestTimeout = requestTimeout;
		}

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
	 */
	public static class ErpOAuth2 {

		/**
		 * Token endpoint, e.g.
		 * https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token.
		 */
		private URI tokenUri;

		/**
		 * Client id of the connector's registration.
		 */
		private String clientId;

		/**
		 * Its client secret.
		 */
		private String clientSecret;

		/**
		 * Scope to ask for, e.g. api://erp/.default.
		 */
		private String scope;

		public URI getTokenUri() {
			return this.tokenUri;
		}

		public void setTokenUri(URI tokenUri) {
			this.tokenUri = tokenUri;
		}

		public String getClientId() {
			return this.clientId;
		}

		public void setClientId(String clientId) {
			this.clientId = clientId;
		}

		public String getClientSecret() {
			return this.clientSecret;
		}

		public void setClientSecret(String clientSecret) {
			this.clientSecret = clientSecret;
		}

		public String getScope() {
			return this.scope;
		}

		public void setScope(String scope) {
			this.scope = scope;
		}

	}

	/**
	 * A user name and a password.
	 */
	public static class UserPassword {

		/**
		 * User name.
		 */
		private String username;

		/**
		 * Password.
		 */
		private String password;

		public String getUsername() {
			return this.username;
		}

		public void setUsername(String username) {
			this.username = username;
		}

		public String getPassword() {
			return this.password;
		}

		public void setPassword(String password) {
			this.password = password;
		}

		/**
		 * Whether both are set.
		 * @return true when a user name and a password are set
		 */
		public boolean isEnabled() {
			return StringUtils.hasText(this.username) && StringUtils.hasText(this.password);
		}

	}

}
