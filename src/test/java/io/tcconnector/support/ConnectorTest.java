package io.tcconnector.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.ContextConfiguration;

/**
 * A connector on a real HTTPS port with its embedded broker, database and folders of its
 * own, pointed at the JVM's one Tradecloud simulator (API, legacy API, Entra ID, ERP):
 * see {@link TestConnector.Initializer} for the settings. Inject it with
 * {@code @Autowired TestConnector connector} and {@code @LocalServerPort int port}. Tests
 * with the same extra settings share one running connector (Spring's context cache); each
 * test cleans what it checks before it runs.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestConnector.Initializer.class)
public @interface ConnectorTest {

	/**
	 * Settings on top of the test defaults, {@code name=value}.
	 * @return the settings
	 */
	@AliasFor(annotation = SpringBootTest.class, attribute = "properties")
	String[] value() default {};

}
