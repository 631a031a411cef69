package io.tcconnector;

import java.util.Arrays;

import io.tcconnector.simulator.SimulatorCommand;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The Tradecloud webhook connector: receives Tradecloud webhooks over HTTPS and delivers
 * them to the targets named in {@code routes/*.camel.yaml}. Started with
 * {@code simulator ...} as arguments, the same jar runs the local Tradecloud simulator
 * instead.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ConnectorApplication {

	public static void main(String[] args) throws InterruptedException {
		if (args.length > 0 && args[0].equals("simulator")) {
			SimulatorCommand.main(Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		SpringApplication.run(ConnectorApplication.class, args);
	}

}
