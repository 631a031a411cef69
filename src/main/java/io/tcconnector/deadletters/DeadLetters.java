package io.tcconnector.deadletters;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tcconnector.documents.DocumentJob;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Describes a failed piece of work for the dead-letter queue: the reason, where it
 * failed, the {@code tradecloud*} headers and the work itself, so that an operator can
 * see what went wrong and send it again.
 */
@Component("deadLetters")
public class DeadLetters {

	private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

	private final ObjectMapper json = new ObjectMapper();

	/**
	 * Replaces the body with its dead-letter description and sets the
	 * {@code tradecloudFailure} header.
	 * @param exchange the failed exchange, with {@link Exchange#EXCEPTION_CAUGHT} set
	 */
	public void describe(Exchange exchange) {
		Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
		Message message = exchange.getMessage();
		String reason = (failure != null) ? failure.getMessage() : "unknown";
		ObjectNode letter = this.json.createObjectNode();
		letter.put("reason", reason);
		letter.put("failure", (failure != null) ? failure.getClass().getName() : null);
		letter.put("route", exchange.getFromRouteId());
		letter.put("failedAt", Instant.now().toString());
		ObjectNode headers = letter.putObject("headers");
		for (Map.Entry<String, Object> header : message.getHeaders().entrySet()) {
			if (header.getKey().startsWith("tradecloud") && header.getValue() != null) {
				headers.put(header.getKey(), header.getValue().toString());
			}
		}
		Object body = message.getBody();
		if (body instanceof DocumentJob job) {
			letter.set("document", job.document());
			letter.put("documentLocation", job.location());
		}
		else if (body instanceof byte[] bytes) {
			letter.put("body", new String(bytes, StandardCharsets.UTF_8));
		}
		else if (body != null) {
			letter.put("body", body.toString());
		}
		log.warn("Dead letter from {}: {} ({})", exchange.getFromRouteId(), reason, headers);
		message.setHeader("tradecloudFailure", reason);
		message.setBody(letter.toString());
	}

}
