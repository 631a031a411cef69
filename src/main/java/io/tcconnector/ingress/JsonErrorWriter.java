package io.tcconnector.ingress;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import org.springframework.stereotype.Component;

/**
 * Writes the short JSON error body of the contract, {@code {"error": ..., "detail":
 * ...}}, for answers given before a request reaches the routes.
 */
@Component
public class JsonErrorWriter {

	private final ObjectMapper json = new ObjectMapper();

	/**
	 * Writes an error answer.
	 * @param response the response, not yet committed
	 * @param status the HTTP status
	 * @param error a short machine-readable reason
	 * @param detail what was wrong
	 * @throws IOException when the answer cannot be written
	 */
	public void write(HttpServletResponse response, int status, String error, String detail) throws IOException {
		response.setStatus(status);
		response.setContentType("application/json");
		response.setCharacterEncoding("UTF-8");
		this.json.writeValue(response.getOutputStream(), body(error, detail));
	}

	/**
	 * Makes a Camel message the JSON answer of a platform-http route: every other header
	 * dropped (the request's own, credentials among them, must not be echoed).
	 * @param message the message to answer with
	 * @param status the HTTP status
	 * @param body the fields of the JSON object
	 */
	public void write(Message message, int status, Map<String, Object> body) {
		message.removeHeaders("*");
		message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
		message.setHeader(Exchange.CONTENT_TYPE, "application/json");
		try {
			message.setBody(this.json.writeValueAsString(body));
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static Map<String, Object> body(String error, String detail) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", error);
		body.put("detail", detail);
		return body;
	}

}
