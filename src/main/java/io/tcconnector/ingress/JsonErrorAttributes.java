package io.tcconnector.ingress;

import java.util.Map;

import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.web.servlet.error.DefaultErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.WebRequest;

/**
 * Makes Spring's own error answers (404 unknown path, 405 method, ...) the short JSON of
 * the contract: {@code {"error": ..., "detail": ...}}, no stack trace, no internals.
 */
@Component
public class JsonErrorAttributes extends DefaultErrorAttributes {

	@Override
	public Map<String, Object> getErrorAttributes(WebRequest webRequest, ErrorAttributeOptions options) {
		Map<String, Object> defaults = super.getErrorAttributes(webRequest, ErrorAttributeOptions.defaults());
		Object status = defaults.get("status");
		HttpStatus httpStatus = (status instanceof Integer code) ? HttpStatus.resolve(code) : null;
		String error = (httpStatus != null) ? httpStatus.name().toLowerCase() : "error";
		String detail = (httpStatus != null) ? httpStatus.getReasonPhrase() + ": " + defaults.get("path")
				: String.valueOf(defaults.get("error"));
		return JsonErrorWriter.body(error, detail);
	}

}
