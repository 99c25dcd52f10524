namespace Marketplace.Bench;

/// <summary>What was changed in the product to meet the targets, written under the tables of docs/benchmarks.md.</summary>
public static class Changes
{
    public static readonly IReadOnlyList<string> Made =
    [
        "Insights (migration 0005): engagement churn rates took 20 s, reasons 10 s, churn risk 27 s and stage agreement 43 s on 1M engagements, because every churn was joined to its engagement, worker and reasons through text GUID keys (an index probe per row) and classified negative by an EXISTS per row. The facts each figure counts by are now copied onto the row when it is written — the negative flag (by the C# rule over the catalog), tenure, job type, concierge and company on the engagement churn; end day and tenure on its reason rows; the company on follow-ups; the kickoff day and concierge on engagements — and each query reads one narrow index in the order it groups by, so SQLite streams it without probing or sorting.",
        "Churn rates issue one statement per split (overall, job type, concierge), each with its own index in GROUP BY order; a GROUP BY that needs a sort cost more than the scan itself.",
        "Stage agreement reads the stage facts of every company in three index scans (CompanyStageFacts, shared with retention by stage) instead of loading each assessed company through the company view.",
        "Company list and get: the company view reads each company's last satisfaction and last negative churn through migration 0005's covering indexes in its one row query, instead of every follow-up and churn reason plus the catalog; the unfiltered list counts without the filter expression. At 100k engagements the list went from about 6 to about 900 requests/s.",
        "Rep load counts active engagements per company before joining companies: one probe per company instead of one per engagement.",
        "Writes on SQLite: p99 sat at about 150 ms on both sides, because Microsoft.Data.Sqlite sets no busy_timeout and sleeps 150 ms whenever BEGIN IMMEDIATE finds the write lock taken. Every connection now sets busy_timeout, and the app's writers queue for the lock in arrival order in the connection factory, so a writer waits for the one before it instead of sleeping: at 8 clients ours has no request over 100 ms and its p99 fell from about 150 ms to about 15 ms.",
        "Validators are singletons (they hold only their rules), so a request no longer rebuilds its validator; the transaction behavior hands queries on without an async frame of its own; the validation behavior makes its failure list only when a validator refuses.",
    ];
}
