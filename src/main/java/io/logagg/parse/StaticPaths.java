package io.logagg.parse;

import java.nio.charset.StandardCharsets;

/** Static files as GoAccess tells them: by the extension of the path (its {@code static-file} list). */
public final class StaticPaths {

	/** GoAccess's default {@code static-file} extensions, without their dot. */
	private static final byte[][] STATIC_EXTENSIONS = { ascii("css"), ascii("js"), ascii("jpg"), ascii("png"), ascii("gif"),
			ascii("ico"), ascii("jpeg"), ascii("pdf"), ascii("csv"), ascii("mpeg"), ascii("mpg"), ascii("swf"), ascii("woff"),
			ascii("woff2"), ascii("xls"), ascii("xlsx"), ascii("doc"), ascii("docx"), ascii("ppt"), ascii("pptx"), ascii("txt"),
			ascii("zip"), ascii("ogg"), ascii("mp3"), ascii("mp4"), ascii("exe"), ascii("iso"), ascii("gz"), ascii("rar"),
			ascii("svg"), ascii("bmp"), ascii("tar"), ascii("tgz"), ascii("tiff"), ascii("tif"), ascii("ttf"), ascii("flv"),
			ascii("dmg"), ascii("xz"), ascii("zst") };

	private StaticPaths() {
	}

	/** True if the path ends in one of GoAccess's static extensions, in any case. */
	public static boolean isStatic(byte[] b, int from, int to) {
		int dot = -1;
		for (int i = to - 1; i >= from && i >= to - 6; i--) {
			if (b[i] == '.') {
				dot = i;
				break;
			}
			if (b[i] == '/') {
				return false;
			}
		}
		if (dot < 0) {
			return false;
		}
		int length = to - dot - 1;
		for (byte[] extension : STATIC_EXTENSIONS) {
			if (extension.length == length && equalsIgnoringCase(b, dot + 1, extension)) {
				return true;
			}
		}
		return false;
	}

	private static boolean equalsIgnoringCase(byte[] b, int at, byte[] lowerCase) {
		for (int i = 0; i < lowerCase.length; i++) {
			int c = b[at + i];
			if (c >= 'A' && c <= 'Z') {
				c += 'a' - 'A';
			}
			if (c != lowerCase[i]) {
				return false;
			}
		}
		return true;
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

}
