package io.tcconnector.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import static io.tcconnector.support.TestConnector.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests {@link TradecloudSimulator} over real HTTP with the JDK client, as the connector
 * would call it.
 */
class TradecloudSimulatorTest {

	private static final String EMAIL = SimulatorSettings.DEFAULT_USER_EMAIL;

	private static final String PASSWORD = SimulatorSettings.DEFAULT_USER_PASSWORD;

	private static final ObjectMapper JSON = new ObjectMapper();

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	/** A simulator of each test's own, closed after it. */
	@AutoClose
	private TradecloudSimulator tradecloud = TradecloudSimulator.start(SimulatorSettings.forTests());

	@Test
	void loginWithTheIntegrationUserIssuesAnAccessAndARefreshToken() throws Exception {
		HttpResponse<String> login = get("/v2/authentication/login", basic(EMAIL, PASSWORD));

		assertThat(login.statusCode()).isEqualTo(200);
		assertThat(login.headers().firstValue("Set-Authorization")).hasValueSatisfying((token) -> {
			assertThat(token).isNotBlank();
		});
		assertThat(login.headers().firstValue("Set-Refresh-Token")).hasValueSatisfying((token) -> {
			assertThat(token).isNotBlank();
		});
		assertThat(login.body()).isEmpty();
		assertThat(this.tradecloud.logins()).isEqualTo(1);
	}

	@Test
	void loginWithWrongOrMissingCredentialsIsRefused() throws Exception {
		assertThat(get("/v2/authentication/login", basic(EMAIL, "wrong")).statusCode()).isEqualTo(401);
		assertThat(get("/v2/authentication/login", basic("someone@example.com", PASSWORD)).statusCode()).isEqualTo(401);
		assertThat(get("/v2/authentication/login", null).statusCode()).isEqualTo(401);
		assertThat(get("/v2/authentication/login", "Basic not-base64!").statusCode()).isEqualTo(401);
		assertThat(this.tradecloud.logins()).isZero();
		assertThat(this.tradecloud.requests("GET", "/v2/authentication/login")).isEqualTo(4);
	}

	@Test
	void accessTokenIsAJwtWhoseExpiryClientsCanRead() throws Exception {
		long before = Instant.now().getEpochSecond();
		String token = login().accessToken();

		String[] parts = token.split("\\.");
		assertThat(parts).hasSize(3);
		JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
		JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
		assertThat(header.path("alg").asText()).isEqualTo("HS256");
		assertThat(header.path("typ").asText()).isEqualTo("JWT");
		assertThat(claims.path("sub").asText()).isEqualTo(EMAIL);
		assertThat(claims.path("iat").asLong()).isBetween(before, before + 5);
		assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(60);
		assertThat(Base64.getUrlDecoder().decode(parts[2])).hasSize(32);
	}

	@Test
	void bearerTokenOpensTheApiAndForgedOrMissingTokensDoNot() throws Exception {
		this.tradecloud.putOrder("order-1", "{\"id\":\"order-1\",\"lines\":[]}");
		String token = login().accessToken();

		HttpResponse<String> order = get("/v2/order/order-1", "Bearer " + token);
		assertThat(order.statusCode()).isEqualTo(200);
		assertThat(order.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(order.body()).isEqualTo("{\"id\":\"order-1\",\"lines\":[]}");

		String forged = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA";
		assertThat(get("/v2/order/order-1", "Bearer " + forged).statusCode()).isEqualTo(401);
		assertThat(get("/v2/order/order-1", null).statusCode()).isEqualTo(401);
		assertThat(get("/v2/order/unknown", "Bearer " + token).statusCode()).isEqualTo(404);
		assertThat(JSON.readTree(get("/v2/order/unknown", "Bearer " + token).body()).path("error").asText())
			.isEqualTo("not found");
	}

	@Test
	void basicCredentialsAreRefusedOnObjectStorageOrdersAndShipmentsAsByTradecloud() throws Exception {
		this.tradecloud.putShipment("ship-1", "{\"id\":\"ship-1\"}");
		this.tradecloud.putOrder("order-1", "{\"id\":\"order-1\"}");

		for (String path : List.of("/v2/shipment/ship-1", "/v2/order/order-1",
				"/v2/object-storage/document/" + TradecloudSimulator.SAMPLE_INVOICE_OBJECT_ID + "/metadata")) {
			assertThat(get(path, basic(EMAIL, PASSWORD)).statusCode()).as(path).isEqualTo(401);
			assertThat(get(path, bearer()).statusCode()).as(path).isEqualTo(200);
		}
		assertThat(get("/v2/shipment/ship-1", bearer()).body()).isEqualTo("{\"id\":\"ship-1\"}");
		assertThat(get("/v2/shipment/unknown", bearer()).statusCode()).isEqualTo(404);
	}

	@Test
	void refreshRotatesTheTokensAndInvalidatesTheOldRefreshToken() throws Exception {
		Tokens first = login();

		HttpResponse<String> refreshed = refresh(first.refreshToken(), null);
		assertThat(refreshed.statusCode()).isEqualTo(200);
		Tokens second = tokensOf(refreshed);
		assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken());
		assertThat(second.accessToken()).isNotEqualTo(first.accessToken());
		assertThat(get("/v2/object-storage/document/" + TradecloudSimulator.SAMPLE_INVOICE_OBJECT_ID + "/metadata",
				"Bearer " + second.accessToken())
			.statusCode()).isEqualTo(200);

		assertThat(refresh(first.refreshToken(), null).statusCode()).isEqualTo(401);
		assertThat(refresh(second.refreshToken(), null).statusCode()).isEqualTo(200);
		assertThat(refresh("never-issued", null).statusCode()).isEqualTo(401);
		assertThat(this.tradecloud.refreshes()).isEqualTo(2);
	}

	@Test
	void refreshCarryingAnAuthorizationHeaderIsRefusedWithoutUsingUpTheToken() throws Exception {
		Tokens tokens = login();

		assertThat(refresh(tokens.refreshToken(), "Bearer " + tokens.accessToken()).statusCode()).isEqualTo(401);
		assertThat(refresh(tokens.refreshToken(), basic(EMAIL, PASSWORD)).statusCode()).isEqualTo(401);
		assertThat(refresh(tokens.refreshToken(), null).statusCode()).isEqualTo(200);
	}

	@Test
	void logoutInvalidatesTheRefreshToken() throws Exception {
		Tokens tokens = login();

		HttpResponse<String> logout = send(HttpRequest.newBuilder(uri("/v2/authentication/logout"))
			.header("Refresh-Token", tokens.refreshToken())
			.POST(HttpRequest.BodyPublishers.noBody()));

		assertThat(logout.statusCode()).isEqualTo(200);
		assertThat(refresh(tokens.refreshToken(), null).statusCode()).isEqualTo(401);
	}

	@Test
	void expiredAccessTokensAreRefusedWhileRefreshTokensStillWork() throws Exception {
		Tokens tokens = login();
		String metadata = "/v2/object-storage/document/" + TradecloudSimulator.SAMPLE_INVOICE_OBJECT_ID + "/metadata";
		assertThat(get(metadata, "Bearer " + tokens.accessToken()).statusCode()).isEqualTo(200);

		this.tradecloud.expireAccessTokens();

		assertThat(get(metadata, "Bearer " + tokens.accessToken()).statusCode()).isEqualTo(401);
		Tokens renewed = tokensOf(refresh(tokens.refreshToken(), null));
		assertThat(get(metadata, "Bearer " + renewed.accessToken()).statusCode()).isEqualTo(200);
	}

	@Test
	void accessTokenStopsWorkingWhenItsLifetimeIsOver() throws Exception {
		this.tradecloud.close();
		this.tradecloud = TradecloudSimulator
			.start(SimulatorSettings.forTests().withAccessTokenLifetime(Duration.ofSeconds(1)));
		String token = login().accessToken();
		String metadata = "/v2/object-storage/document/" + TradecloudSimulator.SAMPLE_INVOICE_OBJECT_ID + "/metadata";
		assertThat(get(metadata, "Bearer " + token).statusCode()).isEqualTo(200);

		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(get(metadata, "Bearer " + token).statusCode()).isEqualTo(401));
	}

	@Test
	void expiredRefreshTokensAreRefused() throws Exception {
		Tokens tokens = login();

		this.tradecloud.expireRefreshTokens();

		assertThat(refresh(tokens.refreshToken(), null).statusCode()).isEqualTo(401);
		assertThat(get("/v2/shipment/x", "Bearer " + tokens.accessToken()).statusCode()).isEqualTo(404);
	}

	@Test
	void metadataGivesAPresignedUrlThatDownloadsTheExactBytesWithoutCredentials() throws Exception {
		byte[] content = "%PDF-1.4 certificate of conformity".getBytes(StandardCharsets.US_ASCII);
		this.tradecloud.addDocument("doc-1", "certificate.pdf", "application/pdf", content);

		JsonNode metadata = metadata("doc-1");
		assertThat(metadata.path("id").asText()).isEqualTo("doc-1");
		assertThat(metadata.path("filename").asText()).isEqualTo("certificate.pdf");
		assertThat(metadata.path("contentType").asText()).isEqualTo("application/pdf");
		String downloadUrl = metadata.path("downloadUrl").asText();
		assertThat(downloadUrl).startsWith(this.tradecloud.baseUrl() + "/s3/doc-1?expires=").contains("&signature=");

		HttpResponse<byte[]> download = this.client.send(HttpRequest.newBuilder(URI.create(downloadUrl)).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.body()).isEqualTo(content);
		assertThat(download.headers().firstValue("Content-Type")).hasValue("application/pdf");
		assertThat(download.headers().firstValueAsLong("Content-Length")).hasValue(content.length);
	}

	@Test
	void metadataOfAnUnknownDocumentIsNotFound() throws Exception {
		HttpResponse<String> metadata = get("/v2/object-storage/document/unknown/metadata", bearer());

		assertThat(metadata.statusCode()).isEqualTo(404);
		assertThat(JSON.readTree(metadata.body()).path("error").asText()).isEqualTo("not found");
	}

	@Test
	void expiredOrTamperedPresignedUrlsAreForbidden() throws Exception {
		String downloadUrl = metadata(TradecloudSimulator.SAMPLE_INVOICE_OBJECT_ID).path("downloadUrl").asText();
		String tampered = downloadUrl.replaceFirst("expires=(\\d+)", "expires=9$1");
		String otherDocument = downloadUrl.replace(TradecloudSimulator.SAMPLE_INVOICE_OBJECT_ID,
				TradecloudSimulator.SAMPLE_PACKING_LIST_OBJECT_ID);
		assertThat(getUrl(downloadUrl).statusCode()).isEqualTo(200);
		assertThat(getUrl(tampered).statusCode()).isEqualTo(403);
		assertThat(getUrl(otherDocument).statusCode()).isEqualTo(403);
		assertThat(getUrl(downloadUrl.substring(0, downloadUrl.indexOf('?'))).statusCode()).isEqualTo(403);

		this.tradecloud.setDownloadUrlLifetime(Duration.ZERO);
		String expired = metadata(TradecloudSimulator.SAMPLE_INVOICE_OBJECT_ID).path("downloadUrl").asText();

		HttpResponse<String> answer = getUrl(expired);
		assertThat(answer.statusCode()).isEqualTo(403);
		assertThat(answer.body()).contains("<Code>AccessDenied</Code>");
	}

	@Test
	void presignedUrlExpiresAfterItsLifetime() throws Exception {
		this.tradecloud.setDownloadUrlLifetime(Duration.ofMillis(300));
		String downloadUrl = metadata(TradecloudSimulator.SAMPLE_INVOICE_OBJECT_ID).path("downloadUrl").asText();

		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(getUrl(downloadUrl).statusCode()).isEqualTo(403));
	}

	@Test
	void proxyDownloadNeedsCredentialsAndGivesTheBytes() throws Exception {
		byte[] content = { 0, 1, 2, (byte) 0xFF, 42 };
		this.tradecloud.addDocument("doc-2", "data.bin", "application/octet-stream", content);
		String token = login().accessToken();

		HttpResponse<byte[]> download = this.client
			.send(HttpRequest.newBuilder(uri("/v2/object-storage/document/doc-2"))
				.header("Authorization", "Bearer " + token)
				.build(), HttpResponse.BodyHandlers.ofByteArray());

		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.body()).isEqualTo(content);
		assertThat(download.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
		assertThat(get("/v2/object-storage/document/doc-2", null).statusCode()).isEqualTo(401);
		assertThat(get("/v2/object-storage/document/unknown", "Bearer " + token).statusCode()).isEqualTo(404);
	}

	@Test
	void generatedDocumentOf50MegabytesStreamsWithTheExpectedSha256() throws Exception {
		long size = 50L * 1024 * 1024;
		this.tradecloud.addGeneratedDocument("big-1", "big.pdf", "application/pdf", size);
		String downloadUrl = metadata("big-1").path("downloadUrl").asText();

		HttpResponse<InputStream> download = this.client.send(HttpRequest.newBuilder(URI.create(downloadUrl)).build(),
				HttpResponse.BodyHandlers.ofInputStream());

		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.headers().firstValueAsLong("Content-Length")).hasValue(size);
		Digest received = digest(download.body());
		Digest expected = digest(TradecloudSimulator.generatedContent("big-1", size));
		assertThat(received.length()).isEqualTo(size);
		assertThat(received.sha256()).isEqualTo(expected.sha256());
		assertThat(digest(TradecloudSimulator.generatedContent("big-2", size)).sha256())
			.isNotEqualTo(expected.sha256());
	}

	@Test
	void generatedContentIsServedOnThePartnerContentServer() throws Exception {
		this.tradecloud.putGeneratedContent("drawing-big.pdf", "application/pdf", 100_000);
		HttpResponse<byte[]> content = this.client.send(HttpRequest.newBuilder(uri("/content/drawing-big.pdf")).build(),
				HttpResponse.BodyHandlers.ofByteArray());

		assertThat(content.statusCode()).isEqualTo(200);
		assertThat(content.body())
			.isEqualTo(TradecloudSimulator.generatedContent("drawing-big.pdf", 100_000).readAllBytes());
		assertThat(getUrl(this.tradecloud.baseUrl() + "/content/unknown.pdf").statusCode()).isEqualTo(404);
	}

	@Test
	void everyDocumentTheSamplesReferToIsServed() throws Exception {
		Set<String> objectIds = new LinkedHashSet<>();
		Set<String> urls = new LinkedHashSet<>();
		Pattern objectId = Pattern.compile("\"objectId\"\\s*:\\s*\"([^\"]+)\"|<objectId>([^<]+)</objectId>");
		Pattern url = Pattern.compile("\"url\"\\s*:\\s*\"([^\"]+)\"|<url>([^<]+)</url>");
		try (Stream<Path> samples = Files.list(Path.of("src/test/resources/samples"))) {
			for (Path sample : samples.toList()) {
				String text = Files.readString(sample);
				collect(objectId.matcher(text), objectIds);
				collect(url.matcher(text), urls);
			}
		}
		assertThat(objectIds).hasSizeGreaterThanOrEqualTo(3);
		assertThat(urls).isNotEmpty();

		for (String id : objectIds) {
			HttpResponse<String> download = getUrl(metadata(id).path("downloadUrl").asText());
			assertThat(download.statusCode()).as(id).isEqualTo(200);
			assertThat(download.body()).as(id).startsWith("%PDF-").endsWith("%%EOF\n");
		}
		for (String sampleUrl : urls) {
			URI reference = URI.create(sampleUrl);
			assertThat(reference.getPort()).isEqualTo(SimulatorSettings.DEFAULT_PORT);
			HttpResponse<String> content = getUrl(this.tradecloud.baseUrl() + reference.getPath());
			assertThat(content.statusCode()).as(sampleUrl).isEqualTo(200);
			assertThat(content.body()).as(sampleUrl).startsWith("%PDF-");
		}
	}

	@Test
	void failNextAnswersTheMatchingRequestsWithTheStatusBeforeAuthentication() throws Exception {
		this.tradecloud.failNext("GET", "/v2/object-storage", 503, 2);
		String metadata = "/v2/object-storage/document/" + TradecloudSimulator.SAMPLE_INVOICE_OBJECT_ID + "/metadata";

		HttpResponse<String> first = get(metadata, null);
		assertThat(first.statusCode()).isEqualTo(503);
		assertThat(JSON.readTree(first.body()).path("status").asInt()).isEqualTo(503);
		assertThat(get("/v2/shipment/x", bearer()).statusCode()).isEqualTo(404);
		assertThat(get(metadata, bearer()).statusCode()).isEqualTo(503);
		assertThat(get(metadata, bearer()).statusCode()).isEqualTo(200);
		assertThat(this.tradecloud.requests("GET", "/v2/object-storage")).isEqualTo(3);
		// and the login for the access token
		assertThat(this.tradecloud.requests("*", "/v2")).isEqualTo(5);
		assertThat(this.tradecloud.requests("POST", "/v2")).isZero();
	}

	@Test
	void dropNextClosesTheConnectionWithoutAUsableAnswer() throws Exception {
		this.tradecloud.dropNext("GET", "/v2/object-storage", 2);
		String metadata = "/v2/object-storage/document/" + TradecloudSimulator.SAMPLE_INVOICE_OBJECT_ID + "/metadata";

		assertThatExceptionOfType(IOException.class).isThrownBy(() -> get(metadata, bearer()));
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> get(metadata, bearer()));
		assertThat(get(metadata, bearer()).statusCode()).isEqualTo(200);
		assertThat(this.tradecloud.requests("GET", "/v2/object-storage")).isEqualTo(3);
	}

	@Test
	void dropNextAppliesOnlyToTheGivenMethod() throws Exception {
		this.tradecloud.dropNext("POST", "/v2/authentication/logout", 1);
		HttpRequest.Builder logout = HttpRequest.newBuilder(uri("/v2/authentication/logout"))
			.header("Refresh-Token", "anything")
			.POST(HttpRequest.BodyPublishers.noBody());

		assertThat(get("/v2/authentication/logout", null).statusCode()).isEqualTo(405);
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> send(logout));
		assertThat(send(logout).statusCode()).isEqualTo(200);
	}

	@Test
	void controlApiSchedulesFaultsOverHttp() throws Exception {
		HttpResponse<String> scheduled = postJson("/simulator/faults",
				"{\"method\":\"GET\",\"pathPrefix\":\"/v2/object-storage\",\"status\":502,\"times\":1}");
		assertThat(scheduled.statusCode()).isEqualTo(200);
		postJson("/simulator/faults",
				"{\"method\":\"POST\",\"pathPrefix\":\"/v2/authentication/logout\",\"drop\":true}");
		String metadata = "/v2/object-storage/document/" + TradecloudSimulator.SAMPLE_INVOICE_OBJECT_ID + "/metadata";

		assertThat(get(metadata, bearer()).statusCode()).isEqualTo(502);
		assertThat(get(metadata, bearer()).statusCode()).isEqualTo(200);
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> send(HttpRequest.newBuilder(uri("/v2/authentication/logout"))
				.header("Refresh-Token", "anything")
				.POST(HttpRequest.BodyPublishers.noBody())));
		assertThat(postJson("/simulator/faults", "{\"pathPrefix\":\"/v2\"}").statusCode()).isEqualTo(400);
		assertThat(postJson("/simulator/faults", "not json").statusCode()).isEqualTo(400);
	}

	@Test
	void controlApiExpiresTokensAndAddsGeneratedDocuments() throws Exception {
		Tokens tokens = login();
		assertThat(postJson("/simulator/expire-tokens", "").statusCode()).isEqualTo(200);
		assertThat(get("/v2/shipment/x", "Bearer " + tokens.accessToken()).statusCode()).isEqualTo(401);
		assertThat(refresh(tokens.refreshToken(), null).statusCode()).isEqualTo(200);

		HttpResponse<String> added = postJson("/simulator/documents",
				"{\"objectId\":\"gen-1\",\"filename\":\"gen.pdf\",\"contentType\":\"application/pdf\",\"size\":4096}");
		assertThat(added.statusCode()).isEqualTo(201);
		JsonNode metadata = metadata("gen-1");
		assertThat(metadata.path("filename").asText()).isEqualTo("gen.pdf");
		HttpResponse<byte[]> download = this.client.send(
				HttpRequest.newBuilder(URI.create(metadata.path("downloadUrl").asText())).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(download.body()).isEqualTo(TradecloudSimulator.generatedContent("gen-1", 4096).readAllBytes());

		HttpResponse<String> counters = get("/simulator/counters", null);
		// the first login, and the one that fetched the metadata with a fresh token
		assertThat(JSON.readTree(counters.body()).path("logins").asInt()).isEqualTo(2);
		assertThat(JSON.readTree(counters.body()).path("refreshes").asInt()).isEqualTo(1);
	}

	@Test
	void resetCountersStartsCountingAgain() throws Exception {
		login();
		assertThat(this.tradecloud.requests("*", "/")).isEqualTo(1);

		this.tradecloud.resetCounters();

		assertThat(this.tradecloud.requests("*", "/")).isZero();
		assertThat(this.tradecloud.logins()).isZero();
	}

	@Test
	void concurrentDownloadsAreServedInParallel() throws Exception {
		this.tradecloud.addGeneratedDocument("parallel", "p.bin", "application/octet-stream", 2_000_000);
		byte[] expected = TradecloudSimulator.generatedContent("parallel", 2_000_000).readAllBytes();
		List<CompletableFuture<HttpResponse<byte[]>>> downloads = new ArrayList<>();
		String bearer = bearer();
		IntStream.range(0, 12)
			.forEach((i) -> downloads
				.add(this.client.sendAsync(HttpRequest.newBuilder(uri("/v2/object-storage/document/parallel"))
					.header("Authorization", bearer)
					.build(), HttpResponse.BodyHandlers.ofByteArray())));

		for (CompletableFuture<HttpResponse<byte[]>> download : downloads) {
			assertThat(download.get().statusCode()).isEqualTo(200);
			assertThat(download.get().body()).isEqualTo(expected);
		}
	}

	private String bearer;

	/** An access token of the integration user, as the connector sends it. */
	private String bearer() throws Exception {
		if (this.bearer == null) {
			HttpResponse<String> login = get("/v2/authentication/login", basic(EMAIL, PASSWORD));
			assertThat(login.statusCode()).isEqualTo(200);
			this.bearer = "Bearer " + tokensOf(login).accessToken();
		}
		return this.bearer;
	}

	private Tokens login() throws Exception {
		HttpResponse<String> login = get("/v2/authentication/login", basic(EMAIL, PASSWORD));
		assertThat(login.statusCode()).isEqualTo(200);
		return tokensOf(login);
	}

	private static Tokens tokensOf(HttpResponse<String> response) {
		return new Tokens(response.headers().firstValue("Set-Authorization").orElseThrow(),
				response.headers().firstValue("Set-Refresh-Token").orElseThrow());
	}

	private HttpResponse<String> refresh(String refreshToken, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri("/v2/authentication/refresh"))
			.header("Refresh-Token", refreshToken);
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return send(request);
	}

	private JsonNode metadata(String objectId) throws Exception {
		HttpResponse<String> metadata = get("/v2/object-storage/document/" + objectId + "/metadata", bearer());
		assertThat(metadata.statusCode()).as(objectId).isEqualTo(200);
		return JSON.readTree(metadata.body());
	}

	private HttpResponse<String> get(String path, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return send(request);
	}

	private HttpResponse<String> getUrl(String url) throws Exception {
		return send(HttpRequest.newBuilder(URI.create(url)));
	}

	private HttpResponse<String> postJson(String path, String json) throws Exception {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create(this.tradecloud.baseUrl() + path);
	}

	private static void collect(Matcher matcher, Set<String> into) {
		while (matcher.find()) {
			into.add((matcher.group(1) != null) ? matcher.group(1) : matcher.group(2));
		}
	}

	private static Digest digest(InputStream content) throws Exception {
		MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
		long length = 0;
		try (DigestInputStream in = new DigestInputStream(content, sha256)) {
			byte[] buffer = new byte[64 * 1024];
			int read;
			while ((read = in.read(buffer)) != -1) {
				length += read;
			}
		}
		return new Digest(HexFormat.of().formatHex(sha256.digest()), length);
	}

	private record Tokens(String accessToken, String refreshToken) {
	}

	private record Digest(String sha256, long length) {
	}

}
