package dev.tooln1.ops.console;

import dev.tooln1.activities.campaign.CampaignLayout;
import dev.tooln1.activities.campaign.records.CampaignDiskState;
import dev.tooln1.activities.campaign.records.CampaignEnd;
import dev.tooln1.ops.console.ConsoleBackend.BfclReportView;
import dev.tooln1.ops.console.ConsoleBackend.Document;
import dev.tooln1.ops.console.ConsoleBackend.SampleView;
import dev.tooln1.ops.console.ConsoleBackend.StepPoint;
import dev.tooln1.ops.console.EvalRecords.EvalRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the console reads from the campaign directories themselves (the durable record, laid out by
 * {@link CampaignLayout}), as opposed to what it asks Temporal: recent samples, evaluation reports
 * with their counts and intervals, BFCL reports, the step metrics the charts fall back to, and how the
 * campaign ended (for one the Temporal server no longer knows). Read-only, bounded, and tolerant of
 * artifacts that are missing or being written.
 */
public final class CampaignArtifacts {

  private final Path root;
  private final RecentSamples samples;
  private final StepMetricsFiles steps;
  private final EvalRecords evals = new EvalRecords();
  private final BfclReports bfcl = new BfclReports();

  /** @param campaignsRoot the campaigns directory ({@code <root>/<campaign id>/...}) */
  public CampaignArtifacts(Path campaignsRoot) {
    this(campaignsRoot, RecentSamples.DEFAULT_LIMIT, StepMetricsFiles.DEFAULT_LIMIT);
  }

  CampaignArtifacts(Path campaignsRoot, int sampleLimit, int stepLimit) {
    this.root = campaignsRoot.toAbsolutePath().normalize();
    this.samples = new RecentSamples(sampleLimit);
    this.steps = new StepMetricsFiles(stepLimit);
  }

  /** The newest steps (at most {@link #stepLimit}) of the campaign's own metrics files, oldest first. */
  public List<StepPoint> steps(String id) {
    return steps.read(dir(id));
  }

  /** How many of the newest steps {@link #steps} reads at most. */
  public int stepLimit() {
    return steps.limit();
  }

  /** Samples of the newest completely scored step (empty when none can be read). */
  public List<SampleView> samples(String id) {
    return samples.read(dir(id));
  }

  /** The campaign's complete evaluation reports, by step. */
  List<EvalRecord> evals(String id) {
    return evals.read(dir(id));
  }

  /** The campaign's BFCL reports (given its evaluation reports, as {@link #evals} returns them). */
  List<BfclReportView> bfcl(String id, List<EvalRecord> evalRecords) {
    return bfcl.list(id, dir(id), evalRecords);
  }

  /** @see ConsoleBackend#bfclReport */
  public Optional<Document> bfclReport(String id, String name) {
    Path dir = dir(id);
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try {
      return bfcl.render(dir, evals.read(dir), name);
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  /** @see ConsoleBackend#evalFile */
  public Optional<Document> evalFile(String id, String path) {
    Path dir = dir(id);
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try {
      return bfcl.file(dir, path);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** How the campaign ended, as its directory records it ({@link CampaignDiskState#ended}). */
  public Optional<CampaignEnd> ended(String id) {
    try {
      return CampaignDiskState.ended(dir(id));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // a folder name no campaign could have: nothing recorded there
    }
  }

  /** The campaign's directory; {@link IllegalArgumentException} for an id that is not a campaign id. */
  private Path dir(String id) {
    return new CampaignLayout(root, id).dir();
  }
}
