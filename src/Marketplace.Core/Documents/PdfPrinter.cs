using System.Diagnostics;
using Marketplace.Core.Pipeline;

namespace Marketplace.Core.Documents;

/// <summary>
/// Prints self-contained HTML to PDF with headless Chromium, run as a process per document with a fresh
/// profile, no network features and a timeout. Without Chromium the PDF format answers 503; HTML still works.
/// </summary>
public sealed class PdfPrinter(DocumentOptions options)
{
    // Chromium is heavy; two at a time per instance keeps a burst of PDF requests from starving the machine.
    private readonly SemaphoreSlim slots = new(2);

    public async Task<byte[]> Print(string html, CancellationToken ct)
    {
        if (!File.Exists(options.ChromiumPath))
            throw new ServiceUnavailableException(
                $"PDF output needs headless Chromium, which is not installed at the configured Documents:ChromiumPath ({options.ChromiumPath}). " +
                "Install chromium (and fonts-noto-cjk for Japanese) or ask for format=html.");

        await slots.WaitAsync(ct);
        var directory = Directory.CreateTempSubdirectory("marketplace-pdf-");
        try
        {
            var page = Path.Combine(directory.FullName, "document.html");
            var pdf = Path.Combine(directory.FullName, "document.pdf");
            await File.WriteAllTextAsync(page, html, ct);
            var start = new ProcessStartInfo(options.ChromiumPath)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = directory.FullName,
            };
            foreach (var arg in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--no-pdf-header-footer",
                         $"--user-data-dir={Path.Combine(directory.FullName, "profile")}", $"--print-to-pdf={pdf}",
                         new Uri(page).AbsoluteUri,
                     })
                start.ArgumentList.Add(arg);

            using var process = Process.Start(start) ?? throw new ServiceUnavailableException("Chromium could not be started.");
            var stderr = process.StandardError.ReadToEndAsync(ct);
            _ = process.StandardOutput.ReadToEndAsync(ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(options.PdfTimeoutSeconds));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                if (ct.IsCancellationRequested) throw;
                throw new ServiceUnavailableException($"Chromium did not finish the PDF within {options.PdfTimeoutSeconds} seconds.");
            }
            if (process.ExitCode != 0 || !File.Exists(pdf) || new FileInfo(pdf).Length == 0)
            {
                var error = (await stderr).Split('\n').LastOrDefault(l => l.Trim().Length > 0) ?? "";
                throw new ServiceUnavailableException($"Chromium could not print the PDF (exit code {process.ExitCode}). {error}".Trim());
            }
            return await File.ReadAllBytesAsync(pdf, ct);
        }
        finally
        {
            slots.Release();
            try { directory.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
