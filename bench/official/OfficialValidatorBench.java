import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.xml.transform.stream.StreamSource;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.XdmDestination;
import net.sf.saxon.s9api.XdmNode;
import net.sf.saxon.s9api.XsltExecutable;
import net.sf.saxon.s9api.XsltTransformer;
import net.sf.saxon.s9api.streams.Steps;

/**
 * The official EN 16931 validation (the Schematron compiled to XSLT, run by Saxon-HE) over the same
 * documents the bench validates in process, as the limit beside our figure: the stylesheet is compiled
 * once; each document is parsed from memory and transformed into its SVRL report, as a validation
 * service built on the official artifacts would do. Warmed up for `warmSeconds` (the JIT), then measured
 * for `seconds` in windows of about two seconds: the median window in the process's CPU time (all its
 * threads: JIT, GC), the way the bench counts ours, and in the main thread's alone.
 *
 * Run (source-file mode, Java 11+):
 *   java -cp /usr/share/java/Saxon-HE.jar bench/official/OfficialValidatorBench.java <xslt> <warmSeconds> <seconds> <file>...
 * or with `serve` instead of the seconds: after the warm-up it prints `ready failed_asserts <n>` and then
 * measures a window for each `window <seconds>` line on its input (what the bench suite alternates with
 * its own measurement).
 * Prints one line: `invoices <n> per_invoice_ms <ms> main_thread_ms <ms> failed_asserts <n>` (failed asserts
 * of one pass over the documents, so that a broken stylesheet or input shows as a different count).
 */
public class OfficialValidatorBench {
  private static final String SVRL = "http://purl.oclc.org/dsdl/svrl";

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println("usage: OfficialValidatorBench <xslt> <warmSeconds> <seconds|serve> <file>...");
      System.exit(2);
    }
    double warmSeconds = Double.parseDouble(args[1]);
    boolean serve = args[2].equals("serve");
    List<String> docs = new ArrayList<>();
    for (int i = 3; i < args.length; i++) docs.add(Files.readString(new File(args[i]).toPath(), StandardCharsets.UTF_8));

    Processor processor = new Processor(false);
    XsltExecutable executable = processor.newXsltCompiler().compile(new StreamSource(new File(args[0])));

    long failed = 0;
    for (String doc : docs) failed += validate(executable, doc).select(Steps.descendant(SVRL, "failed-assert")).count();

    long warmUntil = System.nanoTime() + (long) (warmSeconds * 1e9);
    while (System.nanoTime() < warmUntil) for (String doc : docs) validate(executable, doc);

    if (serve) {
      // Windows on request, so that the caller can alternate them with its own measurement: it writes
      // `window <seconds>` and reads `window <per_invoice_ms> <main_thread_ms> <invoices>`.
      System.out.printf("ready failed_asserts %d%n", failed);
      System.out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line; (line = in.readLine()) != null; ) {
        if (!line.startsWith("window ")) continue;
        double[] w = window(executable, docs, Double.parseDouble(line.substring(7).trim()));
        System.out.printf("window %.4f %.4f %d%n", w[0], w[1], (long) w[2]);
        System.out.flush();
      }
      return;
    }

    // Windows of about two seconds each; the median window of each measure is printed.
    double seconds = Double.parseDouble(args[2]);
    int windows = Math.max(1, (int) Math.round(seconds / 2));
    double[] processMs = new double[windows];
    double[] threadMs = new double[windows];
    long n = 0;
    for (int i = 0; i < windows; i++) {
      double[] w = window(executable, docs, seconds / windows);
      processMs[i] = w[0];
      threadMs[i] = w[1];
      n += (long) w[2];
    }
    System.out.printf(
        "invoices %d per_invoice_ms %.4f main_thread_ms %.4f failed_asserts %d%n",
        n, median(processMs), median(threadMs), failed);
  }

  /**
   * Validates the documents over and over for `seconds`: CPU ms per invoice of the process (all its
   * threads: JIT, GC) and of the main thread alone, and how many invoices.
   */
  private static double[] window(XsltExecutable executable, List<String> docs, double seconds) throws Exception {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpu0 = os.getProcessCpuTime();
    long thread0 = threads.getCurrentThreadCpuTime();
    long until = System.nanoTime() + (long) (seconds * 1e9);
    long k = 0;
    while (System.nanoTime() < until) {
      for (String doc : docs) validate(executable, doc);
      k += docs.size();
    }
    return new double[] {
      (os.getProcessCpuTime() - cpu0) / 1e6 / k, (threads.getCurrentThreadCpuTime() - thread0) / 1e6 / k, k
    };
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int m = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
  }

  private static XdmNode validate(XsltExecutable executable, String doc) throws Exception {
    XsltTransformer transformer = executable.load();
    transformer.setSource(new StreamSource(new StringReader(doc)));
    XdmDestination report = new XdmDestination();
    transformer.setDestination(report);
    transformer.transform();
    return report.getXdmNode();
  }
}
