using Marketplace.Core.Data;
using Marketplace.Core.Facts;
using Marketplace.Core.Features.Insights;
using Marketplace.Core.Features.Notifications;
using Marketplace.Core.Features.Playbooks;
using Marketplace.Core.Pipeline;

namespace Marketplace.Web.Infrastructure;

/// <summary>
/// The work each business day starts with, when the app starts and just after each change of the business day
/// (<see cref="IClock.Today"/>): the landmark snapshot stage agreement reads (<see cref="LandmarkStageFacts"/>), which
/// this job alone builds, and the playbook rules that act on what has not happened (<see cref="RaiseWaitingTasks"/>).
/// Between those it wakes every minute to send the daily digests whose time has come (<see cref="SendDigests"/>).
/// Several instances may run it: the snapshot is built under the migrations' lock and left when already built for
/// the day, a waiting rule raises each record's task once, and the digest outbox sends each digest once.
/// </summary>
public sealed class DailyJobs(ConnectionFactory factory, IServiceScopeFactory scopes, TimeProvider time, BusinessTime business, ILogger<DailyJobs> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        IClock clock = new RequestClock(time, business);
        DateTime? dailyRanAt = null;
        DateOnly? dailyRanFor = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            // The day's work once a business day (and again after an hour, as a failed build is tried again then).
            if (dailyRanFor != clock.Today || clock.UtcNow - dailyRanAt >= TimeSpan.FromHours(1))
            {
                dailyRanFor = clock.Today;
                dailyRanAt = clock.UtcNow;
                if (!await DailyWork(clock, stoppingToken)) return;
            }
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<WorkActor>().Actor = Actor.System;
                var sent = await scope.ServiceProvider.GetRequiredService<MediatR.IMediator>().Send(new SendDigests.Command { DueOnly = true }, stoppingToken);
                if (sent.Sent + sent.Retrying + sent.Failed > 0)
                    log.LogInformation("Digests of {Day}: {Sent} sent, {Retrying} to retry, {Failed} failed.", sent.Day, sent.Sent, sent.Retrying, sent.Failed);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                log.LogWarning(ex, "The digests were not sent; the outbox keeps them for the next try.");
            }
            var now = clock.UtcNow;
            try
            {
                // A minute past the business day's next midnight, or in a minute if that is sooner (digest times are to the minute).
                var untilNextDay = business.NextDayStartsUtc(now).AddMinutes(1) - now;
                await Task.Delay(TimeSpan.FromTicks(Math.Clamp(untilNextDay.Ticks, TimeSpan.FromSeconds(1).Ticks, TimeSpan.FromMinutes(1).Ticks)), time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>The landmark snapshot and the waiting playbook rules; false when the app is stopping.</summary>
    private async Task<bool> DailyWork(IClock clock, CancellationToken stoppingToken)
    {
        {
            try
            {
                await using var db = new Db(factory);
                if (await LandmarkStageFacts.Rebuild(db, StageRetention.LandmarkOf(clock.Today), clock.UtcNow, force: false, stoppingToken))
                    log.LogInformation("Built the landmark snapshot for {Day}.", StageRetention.LandmarkOf(clock.Today));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return false;
            }
            catch (Exception ex)
            {
                log.LogWarning(ex, "The landmark snapshot was not built; stage agreement reads the previous one until the next try.");
            }
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<WorkActor>().Actor = Actor.System;
                var result = await scope.ServiceProvider.GetRequiredService<MediatR.IMediator>().Send(new RaiseWaitingTasks.Command { Day = clock.Today }, stoppingToken);
                if (result.Raised > 0) log.LogInformation("Raised {Count} playbook tasks for {Day}.", result.Raised, result.Day);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return false;
            }
            catch (Exception ex)
            {
                log.LogWarning(ex, "The waiting playbook rules did not run; they run again at the next try.");
            }
        }
        return true;
    }
}
