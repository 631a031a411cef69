package io.tcconnector.bench;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * For bench/webhook-throughput.sh only: a plain Spring MVC controller on the connector's
 * HTTPS port, outside Spring Security and without Camel, reading the body and answering 202:
 * the reference the bare endpoint of the same stack is compared with. Compiled by the
 * benchmark and put beside the jar with Spring Boot's PropertiesLauncher (loader.path);
 * never part of the connector.
 */
@RestController
@Configuration(proxyBeanMethods = false)
public class PlainEndpoint {

	private static final String ACCEPTED = "{\"status\":\"accepted\"}";

	@PostMapping("/bench/plain")
	ResponseEntity<String> accept(HttpServletRequest request) throws IOException {
		try (InputStream body = request.getInputStream()) {
			body.readAllBytes();
		}
		return ResponseEntity.status(HttpStatus.ACCEPTED).contentType(MediaType.APPLICATION_JSON).body(ACCEPTED);
	}

	@Bean
	WebSecurityCustomizer benchPlainOutsideSecurity() {
		return (web) -> web.ignoring().requestMatchers("/bench/plain");
	}

}
