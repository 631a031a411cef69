package io.tcconnector.demo;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.tcconnector.ConnectorApplication;
import io.tcconnector.simulator.RetryPolicy;
import io.tcconnector.simulator.SendResult;
import io.tcconnector.simulator.SimulatorSettings;
import io.tcconnector.simulator.TradecloudSimulator;
import io.tcconnector.simulator.WebhookSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The one-command demo, {@code ./mvnw spring-boot:test-run}: starts the local Tradecloud
 * simulator on port 18080 and the connector with embedded defaults on 8443, then sends
 * the sample events the way Tradecloud does. Orders land in {@code outbox/orders/} and at
 * the simulator's stand-in ERP, every shipment event (a header-only update too) in
 * {@code outbox/shipments/} and at the ERP, the changed shipment lines in
 * {@code outbox/shipment-lines/}, the documents the events refer to (the drawings of a
 * new order among them) in {@code outbox/documents/}. The JSON and tXML order documents
 * samples carry the same message id: the second is answered as a duplicate. Both keep
 * running until stopped with Ctrl-C, for more events from the simulator's {@code send}
 * ({@code ./mvnw -q test-compile exec:java@simulator -Dexec.args="send ..."}).
 */
public final class ConnectorDemo {

	private static final Logger log = LoggerFactory.getLogger(ConnectorDemo.class);

	private static final String USER = "tradecloud";

	private static final String PASSWORD = "demo-password";

	private static final List<String> SAMPLES = List.of("order-event.json", "order-issued-with-documents.json",
			"order-documents-event.json", "order-documents-event.xml", "shipment-event.json",
			"shipment-header-updated.json");

	private ConnectorDemo() {
	}

	public static void main(String[] args) throws Exception {
		SimulatorSettings settings = SimulatorSettings.defaults();
		TradecloudSimulator simulator = TradecloudSimulator.start(settings);
		ConfigurableApplicationContext connector = SpringApplication.run(ConnectorApplication.class,
				"--tradecloud.api.url=" + simulator.apiUrl(), "--tradecloud.api.username=" + settings.userEmail(),
				"--tradecloud.api.password=" + settings.userPassword(), "--tradecloud.webhook.basic.username=" + USER,
				"--tradecloud.webhook.basic.password=" + PASSWORD, "--tradecloud.erp.url=" + simulator.erpUrl(),
				"--tradecloud.erp.shipments-url=" + simulator.erpShipmentsUrl());
		String port = connector.getEnvironment().getProperty("local.server.port");
		Path dataDir = Path.of(connector.getEnvironment().getProperty("tradecloud.data-dir", "data"));
		Path outputDir = Path.of(connector.getEnvironment().getProperty("tradecloud.output-dir", "outbox"));
		URI webhook = URI.create("https://localhost:" + port + "/webhooks/tradecloud");

		WebhookSender tradecloud = new WebhookSender(WebhookSender.trusting(dataDir.resolve("tls/localhost-cert.pem")),
				new RetryPolicy(Duration.ofSeconds(1), 2, Duration.ofSeconds(30), 10));
		String authorization = "Basic " + java.util.Base64.getEncoder()
			.encodeToString((USER + ":" + PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));
		for (String sample : SAMPLES) {
			Path file = Path.of("src/test/resources/samples", sample);
			SendResult result = tradecloud.send(webhook, "POST", Files.readAllBytes(file),
					sample.endsWith(".xml") ? "application/xml" : "application/json", authorization);
			log.info("Demo: sent {} as Tradecloud would: {} {} after {} attempt(s)", sample, result.finalStatus(),
					result.lastBody(), result.attempts());
		}
		Path documents = outputDir.resolve("documents");
		Path shipments = outputDir.resolve("shipments");
		Path shipmentLines = outputDir.resolve("shipment-lines");
		// 6 documents with their sidecars (the new order's 3 among them), 2 shipment
		// events
		// (one changes no line), 2 changed lines, 3 order and 2 shipment events at the
		// ERP
		long deadline = System.currentTimeMillis() + 30_000;
		while (System.currentTimeMillis() < deadline && (countFiles(documents) < 12 || countFiles(shipments) < 2
				|| countFiles(shipmentLines) < 2 || simulator.erpAccepted().size() < 5)) {
			Thread.sleep(250);
		}
		log.info("Demo: outbox/orders holds {} file(s), outbox/shipments {} (every shipment event), "
				+ "outbox/shipment-lines {} (the changed lines), outbox/documents {} (documents and their sidecars); "
				+ "the stand-in ERP took {} event(s).", countFiles(outputDir.resolve("orders")), countFiles(shipments),
				countFiles(shipmentLines), countFiles(documents), simulator.erpAccepted().size());
		log.info("Demo: connector on {}, Tradecloud simulator on {} (user {} / {}). Send more with: "
				+ "./mvnw -q test-compile exec:java@simulator -Dexec.args=\"send --url {} --basic {}:{} --trust {} FILE\"."
				+ " Ctrl-C stops both.", webhook, simulator.apiUrl(), settings.userEmail(), settings.userPassword(),
				webhook, USER, PASSWORD, dataDir.resolve("tls/localhost-cert.pem"));
	}

	private static long countFiles(Path folder) throws java.io.IOException {
		if (!Files.isDirectory(folder)) {
			return 0;
		}
		try (var files = Files.list(folder)) {
			return files.filter((f) -> !f.getFileName().toString().startsWith(".")).count();
		}
	}

}
