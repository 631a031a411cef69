package io.tcconnector.ingress;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.autoconfigure.web.servlet.error.AbstractErrorController;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Spring's error page, as JSON whatever the client accepts (Spring Boot's own would look
 * for an HTML view for a browser-like request, and there is none).
 */
@Controller
@RequestMapping("${server.error.path:${error.path:/error}}")
public class JsonErrorController extends AbstractErrorController {

	public JsonErrorController(ErrorAttributes errorAttributes) {
		super(errorAttributes);
	}

	/**
	 * The error answer.
	 * @param request the request that failed
	 * @return {@code {"error": ..., "detail": ...}} with the failure's status
	 */
	@RequestMapping
	public ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
		HttpStatus status = getStatus(request);
		if (status == HttpStatus.NO_CONTENT) {
			return new ResponseEntity<>(status);
		}
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.body(getErrorAttributes(request, ErrorAttributeOptions.defaults()));
	}

}
