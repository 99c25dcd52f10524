using System.Text.Json.Serialization;
using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Shared;
using Marketplace.Core.Pipeline;
using MediatR;

namespace Marketplace.Core.Features.Engagements;

/// <summary>Ticks and unticks the kickoff checklist; the keys are those of <see cref="KickoffChecklist"/>.</summary>
public static class UpdateKickoffChecklist
{
    public sealed record Item
    {
        public string? Key { get; init; }
        public bool? Done { get; init; }
    }

    public sealed record Command : ICommand<IReadOnlyList<ChecklistItemDto>>
    {
        [JsonIgnore] public Guid EngagementId { get; init; }
        public IReadOnlyList<Item>? Items { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Items).NotNull().WithMessageKey(ValidationMessages.Required)
                .AtMost(KickoffChecklist.Keys.Count)
                .Must(items => items is null || items.Where(i => i is not null).GroupBy(i => i.Key).All(g => g.Count() == 1))
                .WithMessageKey(ValidationMessages.KeyTwice);
            RuleForEach(c => c.Items).NotNull().WithMessageKey(ValidationMessages.Required).ChildRules(item =>
            {
                item.RuleFor(i => i.Key).NotEmpty().WithMessageKey(ValidationMessages.Required)
                    .MustNaming((_, k) => k is null || KickoffChecklist.IsKey(k), ValidationMessages.ChecklistItem, "Items", string.Join(", ", KickoffChecklist.Keys));
                item.RuleFor(i => i.Done).Required();
            });
        }
    }

    public static class Sql
    {
        public static readonly (string, string)[] Key = [("engagement_id", "@engagementId"), ("item_key", "@key")];
        public static readonly (string, string)[] Values = [("done", "@done"), ("updated_at", "@at")];
    }

    public sealed class Handler(Db db, Audit audit, EngagementView view, IClock clock) : IRequestHandler<Command, IReadOnlyList<ChecklistItemDto>>
    {
        public async Task<IReadOnlyList<ChecklistItemDto>> Handle(Command c, CancellationToken ct)
        {
            var e = await view.Row(c.EngagementId, ct);
            if (!EngagementLifecycle.CanEditChecklist(e.Status))
                throw EngagementMoves.NotAllowed(e, "given a kickoff checklist (only contracted or active ones can)");
            var at = clock.UtcNow;
            var upsert = db.Dialect.Upsert("kickoff_checklist_items", Sql.Key, Sql.Values);
            foreach (var item in c.Items!)
                await db.ExecuteAsync(upsert, new { engagementId = e.Id, key = item.Key, done = item.Done!.Value, at }, ct);
            await audit.Write("update", "engagement", e.Id,
                "checklist: " + string.Join(", ", c.Items!.Select(i => $"{i.Key}={(i.Done!.Value ? "done" : "open")}")), ct);
            return (await view.Get(e.Id, ct)).Checklist;
        }
    }
}
