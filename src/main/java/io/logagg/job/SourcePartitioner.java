package io.logagg.job;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.logagg.config.LogaggProperties.ListedSource;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * One partition per listed source, named after it, its context naming what the aggregate step
 * reads: source, input, pattern and format (the keys of {@link JobParameterNames}). A restart
 * takes the partitions from the failed execution instead, so it reads what that one read.
 */
final class SourcePartitioner implements Partitioner {

	private final List<ListedSource> sources;

	SourcePartitioner(List<ListedSource> sources) {
		this.sources = List.copyOf(sources);
	}

	@Override
	public Map<String, ExecutionContext> partition(int gridSize) {
		Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
		for (ListedSource source : this.sources) {
			ExecutionContext context = new ExecutionContext();
			context.putString(JobParameterNames.SOURCE, source.name());
			context.putString(JobParameterNames.INPUT, source.input().toAbsolutePath().normalize().toString());
			context.putString(JobParameterNames.PATTERN, source.pattern());
			context.putString(JobParameterNames.FORMAT, source.format());
			partitions.put(source.name(), context);
		}
		return partitions;
	}

}
