package io.logagg.cli;

import io.logagg.dashboard.ServeAddress;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code [ADDRESS:]PORT}, as {@code serve} and {@code schedule --serve} take it: bad usage (exit 2) otherwise. */
final class ServeAddressConverter implements ITypeConverter<ServeAddress> {

	@Override
	public ServeAddress convert(String value) {
		try {
			return ServeAddress.parse(value);
		}
		catch (IllegalArgumentException ex) {
			throw new TypeConversionException(ex.getMessage());
		}
	}

}
