namespace Crm.BuildingBlocks.Web;

/// <summary>
/// A command that checks or hashes a password. It waits its turn at the <see cref="PasswordHashingGate"/>
/// before its transaction (<see cref="Mediation.PasswordTurnBehavior{TMessage, TResponse}"/>), so the
/// requests queued at the gate hold no database connection: a burst of sign-ins as large as the gate's
/// queue cannot take the pool from everyone else (found by build/bench/abuse.sh unknown-emails at 100 at a time).
/// </summary>
public interface IHashesPasswords;

/// <summary>
/// The request's turn at the <see cref="PasswordHashingGate"/>: taken once, by the first who asks (the
/// command's behavior, before the transaction), and held until that one lets it go; a hashing inside
/// the command then runs in the turn already held instead of queueing again.
/// </summary>
public sealed class PasswordTurn(PasswordHashingGate gate)
{
    private bool held;

    public async ValueTask<IDisposable> TakeAsync(CancellationToken ct)
    {
        if (held)
        {
            return AlreadyHeld.Instance;
        }
        var lease = await gate.EnterAsync(ct);
        held = true;
        return new Release(this, lease);
    }

    private sealed class Release(PasswordTurn turn, IDisposable lease) : IDisposable
    {
        private bool released;

        public void Dispose()
        {
            if (released)
            {
                return;
            }
            released = true;
            turn.held = false;
            lease.Dispose();
        }
    }

    private sealed class AlreadyHeld : IDisposable
    {
        public static readonly AlreadyHeld Instance = new();

        public void Dispose()
        {
        }
    }
}
