package io.tcconnector.simulator;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests the command line's argument handling and its {@code send} command against a
 * scripted receiver.
 */
class SimulatorCommandTest {

	private final ByteArrayOutputStream output = new ByteArrayOutputStream();

	private final PrintStream out = new PrintStream(this.output, true, StandardCharsets.UTF_8);

	@Test
	void sendPostsEachFileWithItsContentTypeAndExitsZeroWhenAllAreDelivered(@TempDir Path folder) throws Exception {
		Path json = Files.writeString(folder.resolve("order-event.json"), "{\"eventName\":\"OrderIssuedByBuyer\"}");
		Path xml = Files.writeString(folder.resolve("order-event.xml"), "<orderEvent/>");
		try (ScriptedReceiver receiver = ScriptedReceiver.http(503, 200)) {
			int exitCode = SimulatorCommand.runSend(List.of("--url", receiver.uri("/webhook").toString(), "--basic",
					"tradecloud:change-me", "--initial-delay", "5ms", json.toString(), xml.toString()), this.out);

			assertThat(exitCode).isZero();
			assertThat(this.output.toString(StandardCharsets.UTF_8)).contains(json + " status 200 attempts 2")
				.contains(xml + " status 200 attempts 1");
			assertThat(receiver.received()).extracting(ScriptedReceiver.Received::contentType)
				.containsExactly("application/json", "application/json", "application/xml");
			assertThat(receiver.received().get(0).authorization()).isEqualTo("Basic dHJhZGVjbG91ZDpjaGFuZ2UtbWU=");
		}
	}

	@Test
	void sendExitsOneWhenAFileIsNotDelivered(@TempDir Path folder) throws Exception {
		Path json = Files.writeString(folder.resolve("event.json"), "{}");
		try (ScriptedReceiver receiver = ScriptedReceiver.http(500)) {
			int exitCode = SimulatorCommand.runSend(
					List.of("--url", receiver.uri("/webhook").toString(), "--method", "PUT", json.toString()),
					this.out);

			assertThat(exitCode).isEqualTo(1);
			assertThat(this.output.toString(StandardCharsets.UTF_8)).contains(json + " status 500 attempts 1");
			assertThat(receiver.received().get(0).method()).isEqualTo("PUT");
		}
	}

	@Test
	void sendWithBadArgumentsPrintsUsageAndExitsTwo() {
		assertThat(SimulatorCommand.runSend(List.of("file.json"), this.out)).isEqualTo(2);
		assertThat(SimulatorCommand.runSend(List.of("--url", "http://localhost/", "--bogus", "x.json"), this.out))
			.isEqualTo(2);
		assertThat(SimulatorCommand
			.runSend(List.of("--url", "http://localhost/", "--basic", "a:b", "--bearer", "t", "x.json"), this.out))
			.isEqualTo(2);
		assertThat(this.output.toString(StandardCharsets.UTF_8)).contains("usage:").contains("--url is required");
	}

	@Test
	void serveOptionsBecomeSettings() {
		SimulatorSettings settings = SimulatorCommand.serveSettings(List.of("--port", "19090", "--user",
				"erp@example.com", "--password", "secret", "--access-token-lifetime", "5s"));

		assertThat(settings.port()).isEqualTo(19090);
		assertThat(settings.userEmail()).isEqualTo("erp@example.com");
		assertThat(settings.userPassword()).isEqualTo("secret");
		assertThat(settings.accessTokenLifetime()).isEqualTo(Duration.ofSeconds(5));
		assertThat(settings.refreshTokenLifetime()).isEqualTo(Duration.ofMinutes(10));
		assertThat(settings.toString()).doesNotContain("secret");
		assertThat(SimulatorCommand.serveSettings(List.of()).port()).isEqualTo(18080);
		assertThatExceptionOfType(SimulatorCommand.UsageException.class)
			.isThrownBy(() -> SimulatorCommand.serveSettings(List.of("--port")));
	}

	@Test
	void serveOutputListsTheLegacyApiV1() {
		try (TradecloudSimulator simulator = TradecloudSimulator.start(SimulatorSettings.forTests())) {
			SimulatorCommand.printAddresses(simulator, simulator.settings(), this.out);

			String printed = this.output.toString(StandardCharsets.UTF_8);
			assertThat(printed).contains("  API:              " + simulator.apiUrl() + System.lineSeparator())
				.contains("  legacy API v1:    " + simulator.baseUrl() + "/api/v1" + System.lineSeparator());
		}
	}

	@Test
	void serveOutputListsTheErpStandInAndItsSetting() {
		try (TradecloudSimulator simulator = TradecloudSimulator.start(SimulatorSettings.forTests())) {
			SimulatorCommand.printAddresses(simulator, simulator.settings(), this.out);

			String printed = this.output.toString(StandardCharsets.UTF_8);
			assertThat(printed)
				.contains("  ERP stand-in:     " + simulator.baseUrl() + "/erp/order-events" + System.lineSeparator())
				.contains("  ERP token URL:    " + simulator.baseUrl() + "/erp/oauth2/token" + System.lineSeparator())
				.contains("  TRADECLOUD_ERP_URL=" + simulator.erpUrl() + System.lineSeparator());
			assertThat(SimulatorCommand.USAGE).contains("/erp/order-events");
		}
	}

	@Test
	void durationsAcceptShortAndIsoForms() {
		assertThat(SimulatorCommand.duration("500ms")).isEqualTo(Duration.ofMillis(500));
		assertThat(SimulatorCommand.duration("60s")).isEqualTo(Duration.ofSeconds(60));
		assertThat(SimulatorCommand.duration("10m")).isEqualTo(Duration.ofMinutes(10));
		assertThat(SimulatorCommand.duration("PT2H")).isEqualTo(Duration.ofHours(2));
		assertThatExceptionOfType(SimulatorCommand.UsageException.class)
			.isThrownBy(() -> SimulatorCommand.duration("soon"));
	}

}
