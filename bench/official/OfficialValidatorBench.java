import java.io.File;
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
 * Prints one line: `invoices <n> per_invoice_ms <ms> main_thread_ms <ms> failed_asserts <n>` (failed asserts
 * of one pass over the documents, so that a broken stylesheet or input shows as a different count).
 */
public class OfficialValidatorBench {
  private static final String SVRL = "http://purl.oclc.org/dsdl/svrl";

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println("usage: OfficialValidatorBench <xslt> <warmSeconds> <seconds> <file>...");
      System.exit(2);
    }
    double warmSeconds = Double.parseDouble(args[1]);
    double seconds = Double.parseDouble(args[2]);
    List<String> docs = new ArrayList<>();
    for (int i = 3; i < args.length; i++) docs.add(Files.readString(new File(args[i]).toPath(), StandardCharsets.UTF_8));

    Processor processor = new Processor(false);
    XsltExecutable executable = processor.newXsltCompiler().compile(new StreamSource(new File(args[0])));

    long failed = 0;
    for (String doc : docs) failed += validate(executable, doc).select(Steps.descendant(SVRL, "failed-assert")).count();

    long warmUntil = System.nanoTime() + (long) (warmSeconds * 1e9);
    while (System.nanoTime() < warmUntil) for (String doc : docs) validate(executable, doc);

    // Windows of about two seconds each, measured in the process's CPU time and in the main thread's alone
    // (without the JIT compiler and GC threads); the median window of each is printed.
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    int windows = Math.max(1, (int) Math.round(seconds / 2));
    double[] processMs = new double[windows];
    double[] threadMs = new double[windows];
    long n = 0;
    for (int w = 0; w < windows; w++) {
      long cpu0 = os.getProcessCpuTime();
      long thread0 = threads.getCurrentThreadCpuTime();
      long until = System.nanoTime() + (long) (seconds / windows * 1e9);
      long k = 0;
      while (System.nanoTime() < until) {
        for (String doc : docs) validate(executable, doc);
        k += docs.size();
      }
      processMs[w] = (os.getProcessCpuTime() - cpu0) / 1e6 / k;
      threadMs[w] = (threads.getCurrentThreadCpuTime() - thread0) / 1e6 / k;
      n += k;
    }
    System.out.printf(
        "invoices %d per_invoice_ms %.4f main_thread_ms %.4f failed_asserts %d%n",
        n, median(processMs), median(threadMs), failed);
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
