package io.tcconnector.config;

import java.util.Map;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Settings for unit tests, bound the way the application binds them, so that every
 * default applies.
 */
public final class BoundProperties {

	private BoundProperties() {
	}

	/**
	 * Binds the settings.
	 * @param settings property names (e.g. {@code tradecloud.api.url}) and their values
	 * @return the bound settings, defaults where nothing is given
	 */
	public static TradecloudProperties of(Map<String, ?> settings) {
		return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("tradecloud",
				Bindable.of(TradecloudProperties.class));
	}

	/**
	 * The settings with nothing configured.
	 * @return the defaults
	 */
	public static TradecloudProperties defaults() {
		return of(Map.of());
	}

}
