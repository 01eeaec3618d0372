package io.logagg.config;

/**
 * A setting or option that cannot work as given (a missing input directory, an unreachable
 * Redis). The command line reports it in one line and exits with code 2; nothing was changed.
 */
public class InvalidSettingException extends RuntimeException {

	public InvalidSettingException(String message) {
		super(message);
	}

	public InvalidSettingException(String message, Throwable cause) {
		super(message, cause);
	}

}
