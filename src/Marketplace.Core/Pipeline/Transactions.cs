using MediatR;
using Marketplace.Core.Data;
using Marketplace.Core.Events;
using Marketplace.Core.Facts;

namespace Marketplace.Core.Pipeline;

/// <summary>A request that changes data: its handler runs inside one database transaction.</summary>
public interface ICommand<out TResponse> : IRequest<TResponse>;

/// <summary>
/// Commits the command's transaction when the handler returns and rolls it back when it throws, so a
/// multi-step change is stored whole or not at all. Before it commits it publishes the events the command raised
/// (<see cref="DomainEvents"/>), inside the transaction, so the facts derived from them are stored with it.
/// </summary>
public sealed class TransactionBehavior<TRequest, TResponse>(Db db, DomainEvents events, IMediator mediator) : IPipelineBehavior<TRequest, TResponse>
{
    // A query (or a command inside an open transaction) is handed on as is: no state machine or task of its own on
    // every read. Every caller awaits Send, so a handler that throws before its first await is seen the same way.
    public Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next) =>
        request is not ICommand<TResponse> || db.InTransaction ? next() : InTransaction(next, cancellationToken);

    private async Task<TResponse> InTransaction(RequestHandlerDelegate<TResponse> next, CancellationToken cancellationToken)
    {
        await db.BeginAsync(cancellationToken);
        try
        {
            var response = await next();
            if (db.Discarding)
            {
                // A dry run: the command did its work to report on it, and nothing of it is kept.
                events.Clear();
                await db.RollbackAsync();
                return response;
            }
            // A command that writes the history says what it recorded; one that does not would let the derived facts drift.
            if (!events.AnyCompanyEvent && db.Written.FirstOrDefault(DerivedFacts.WritesHistory) is { } unsaid)
                throw new InvalidOperationException($"{typeof(TRequest).FullName} wrote the history without raising an event for it: {unsaid.Trim().Split('\n')[0]}");
            await events.Publish(mediator, cancellationToken);
            await db.CommitAsync(cancellationToken);
            return response;
        }
        catch
        {
            events.Clear();
            await db.RollbackAsync();
            throw;
        }
    }
}
