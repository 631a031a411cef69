package io.tcconnector.erp;

import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.spi.ComponentCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Sets the ERP's time-outs (tradecloud.erp.connect-timeout and request-timeout) once on
 * the {@code http} and {@code https} components, which only the ERP call uses, instead of
 * on every exchange's endpoint URI.
 */
@Configuration(proxyBeanMethods = false)
public class ErpHttpTimeouts {

	/**
	 * The time-outs of every http and https endpoint, in milliseconds.
	 * @param erp the ERP target, with its time-outs
	 * @return the customizer Camel applies when it creates an http(s) component
	 */
	@Bean
	ComponentCustomizer httpTimeoutsOfTheErp(ErpTarget erp) {
		return ComponentCustomizer.forType(HttpComponent.class, (http) -> {
			http.setConnectTimeout(erp.connectTimeout());
			http.setConnectionRequestTimeout(erp.connectTimeout());
			http.setResponseTimeout(erp.requestTimeout());
			http.setSoTimeout(erp.requestTimeout());
		});
	}

}
