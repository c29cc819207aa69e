import { Link } from '../../app/router';

/** The notice after a change went into a change request instead of being saved. */
export function ReviewRequested({ id, what = 'It applies once approved.' }: { id: string; what?: string }) {
  return (
    <p className="banner banner--info" role="status">
      Review requested: <Link to={`/change-requests/${id}`}>change request {id}</Link>. {what}
    </p>
  );
}
