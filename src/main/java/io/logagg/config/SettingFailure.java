package io.logagg.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;

/**
 * A setting that could not be bound, in one line of the operator's terms, instead of the bean
 * creation chain around it: an unknown name (with the known one it most likely meant), a value
 * that a setting's own check refused, or a value of the wrong type.
 */
public final class SettingFailure {

	private SettingFailure() {
	}

	/** The one-line message of a binding failure in the chain, or empty if there is none. */
	public static Optional<String> of(Throwable failure) {
		BindException bind = null;
		Throwable root = failure;
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() == cause) ? null : cause.getCause()) {
			if (cause instanceof BindException found && bind == null) {
				bind = found;
			}
			if (cause instanceof UnboundConfigurationPropertiesException unbound) {
				return Optional.of(unbound.getUnboundProperties()
					.stream()
					.map(ConfigurationProperty::getName)
					.map(Object::toString)
					.sorted()
					.map(name -> name.equals(SettingNames.nearest(name)) ? name + " has no value: give one (an empty one is none)"
							: "unknown setting " + name + " (did you mean " + SettingNames.nearest(name) + "?)")
					.collect(Collectors.joining("; ")));
			}
			root = cause;
		}
		if (bind == null) {
			return Optional.empty();
		}
		if (root instanceof IllegalArgumentException && !(root.getCause() instanceof Exception) && root != bind
				&& root.getMessage() != null && bind.getProperty() == null) {
			// A setting's own check, which names the setting.
			return Optional.of(root.getMessage());
		}
		ConfigurationProperty property = bind.getProperty();
		String name = (property != null) ? property.getName().toString() : bind.getName().toString();
		String value = (property != null) ? String.valueOf(property.getValue()) : "";
		Class<?> target = bind.getTarget().getType().resolve(Object.class);
		if (target.isEnum()) {
			String values = Arrays.stream(target.getEnumConstants())
				.map(constant -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-'))
				.collect(Collectors.joining(", "));
			return Optional.of("invalid value '" + value + "' for " + name + ": expected one of " + values);
		}
		String type = target.getSimpleName();
		if (type.equals("Duration")) {
			type = "duration (500ms, 30s, 5m, 7d or ISO-8601)";
		}
		return Optional.of("invalid value '" + value + "' for " + name + ": expected " + article(type) + " " + type);
	}

	private static String article(String word) {
		return "aeiouAEIOU".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
	}

}
